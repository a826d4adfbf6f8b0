using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Repository.Index;

/// <summary>Where a blob can be read: its pack and its place in it.</summary>
internal readonly record struct BlobLocation(ChunkId Pack, BlobType Type, uint Offset, uint Length, uint RawLength);

/// <summary>
/// Every blob the repository holds, merged from all index objects, in memory.
/// Safe for concurrent readers and writers: backup threads look chunks up while uploads add packs.
/// </summary>
/// <remarks>
/// This table is the one structure that grows with the whole repository (one entry per stored
/// chunk, ~100,000 for 100,000 small files), so it is kept compact: one flat 60-byte entry per blob
/// whose pack is a number into a pack table, instead of a node object naming its pack's 32-byte id
/// (about 190 bytes a blob). One lock guards it; lookups are short and uncontended on 2 cores.
/// </remarks>
internal sealed class MasterIndex
{
    private readonly Dictionary<ChunkId, Entry> _blobs = [];
    private readonly Dictionary<ChunkId, int> _packNumbers = [];
    private readonly List<(ChunkId Id, long Size)> _packs = [];
    private readonly Lock _gate = new();

    /// <summary>Index objects that could not be read (key → why); their packs were indexed from their own headers.</summary>
    public IReadOnlyDictionary<string, string> Damaged { get; init; } = new Dictionary<string, string>();

    /// <summary>Packs indexed from their own headers because no index object names them (not yet written as one).</summary>
    public ConcurrentBag<IndexedPack> Recovered { get; } = [];

    public int BlobCount
    {
        get
        {
            lock (_gate)
            {
                return _blobs.Count;
            }
        }
    }

    /// <summary>The ids of every indexed pack, as of now.</summary>
    public IReadOnlyList<ChunkId> PackIds()
    {
        lock (_gate)
        {
            return [.. _packs.Select(p => p.Id)];
        }
    }

    /// <summary>Makes room for about <paramref name="blobs"/> entries at once, so loading does not regrow the table step by step.</summary>
    public void Reserve(int blobs)
    {
        lock (_gate)
        {
            _blobs.EnsureCapacity(blobs);
        }
    }

    public void Add(IndexedPack pack)
    {
        lock (_gate)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_packNumbers, pack.Id, out var known);
            if (!known)
            {
                number = _packs.Count;
                _packs.Add((pack.Id, pack.Size));
            }
            else
            {
                _packs[number] = (pack.Id, pack.Size);
            }

            foreach (var blob in pack.Blobs)
            {
                // The first copy wins: duplicates (two devices storing one chunk at once) are harmless.
                _blobs.TryAdd(blob.Id, new Entry(number, blob.Type, blob.Offset, blob.Length, blob.RawLength));
            }
        }
    }

    public bool Contains(ChunkId id)
    {
        lock (_gate)
        {
            return _blobs.ContainsKey(id);
        }
    }

    public bool TryGet(ChunkId id, out BlobLocation location)
    {
        lock (_gate)
        {
            if (_blobs.TryGetValue(id, out var entry))
            {
                location = new BlobLocation(_packs[entry.Pack].Id, entry.Type, entry.Offset, entry.Length, entry.RawLength);
                return true;
            }
        }

        location = default;
        return false;
    }

    public bool ContainsPack(ChunkId packId)
    {
        lock (_gate)
        {
            return _packNumbers.ContainsKey(packId);
        }
    }

    public bool TryGetPackSize(ChunkId packId, out long size)
    {
        lock (_gate)
        {
            if (_packNumbers.TryGetValue(packId, out var number))
            {
                size = _packs[number].Size;
                return true;
            }
        }

        size = 0;
        return false;
    }

    /// <summary>A blob's place, its pack given as a number into <see cref="_packs"/>.</summary>
    private readonly record struct Entry(int Pack, BlobType Type, uint Offset, uint Length, uint RawLength);
}
