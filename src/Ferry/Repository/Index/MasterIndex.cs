using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Repository.Index;

/// <summary>Where a blob can be read: its pack and its place in it.</summary>
internal readonly record struct BlobLocation(ChunkId Pack, BlobType Type, uint Offset, uint Length, uint RawLength);

/// <summary>
/// How far a pack's index entry can be trusted, worst first. Every reader verifies each blob it reads,
/// so any entry is good enough to try a read; a backup skips uploading a chunk only on an entry it can
/// rely on (<see cref="MasterIndex.CanReuse"/>): a pack the listing shows with the size the index
/// object records, one this run wrote, or one downloaded whole and verified.
/// </summary>
internal enum PackTrust : byte
{
    /// <summary>An index object names it, but the listing does not show it (deleted, or an old index object put back) or shows another size.</summary>
    Unlisted,

    /// <summary>Indexed from its own header only: the header may have been copied beside other bytes.</summary>
    FromHeader,

    /// <summary>An index object names it and the listing shows it with that size.</summary>
    Listed,

    /// <summary>Downloaded whole and every blob checked, or written by this process.</summary>
    Verified,
}

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
    private readonly List<(ChunkId Id, long Size, PackTrust Trust)> _packs = [];
    private readonly Lock _gate = new();

    /// <summary>Packs indexed from their own headers because no index object names them (not yet verified and written as one).</summary>
    public ConcurrentDictionary<ChunkId, Storage.ObjectInfo> Recovered { get; } = new();

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

    /// <summary>Adds a pack's entries. A blob already indexed keeps its place unless this pack is more trustworthy.</summary>
    public void Add(IndexedPack pack, PackTrust trust = PackTrust.Verified)
    {
        lock (_gate)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_packNumbers, pack.Id, out var known);
            if (!known)
            {
                number = _packs.Count;
                _packs.Add((pack.Id, pack.Size, trust));
            }
            else if (trust >= _packs[number].Trust)
            {
                _packs[number] = (pack.Id, pack.Size, trust);
            }
            else
            {
                return;
            }

            foreach (var blob in pack.Blobs)
            {
                // The first copy wins (duplicates come from two devices storing one chunk at once),
                // unless it sits in a pack that cannot be relied on and this one can.
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_blobs, blob.Id, out var exists);
                if (!exists || _packs[entry.Pack].Trust < _packs[number].Trust)
                {
                    entry = new Entry(number, blob.Type, blob.Offset, blob.Length, blob.RawLength);
                }
            }
        }
    }

    /// <summary>Raises a pack's trust once it was downloaded and verified.</summary>
    public void MarkVerified(IndexedPack pack) => Add(pack, PackTrust.Verified);

    /// <summary>
    /// True when a backup may skip storing the blob: its entry is in a pack the listing shows as
    /// indexed, or one verified or written by this process. An entry naming a pack that is gone, or a
    /// header not yet verified, is not enough: the chunk is stored again.
    /// </summary>
    public bool CanReuse(ChunkId id)
    {
        lock (_gate)
        {
            return _blobs.TryGetValue(id, out var entry) && _packs[entry.Pack].Trust >= PackTrust.Listed;
        }
    }

    /// <summary>The packs of a given trust, as of now.</summary>
    public IReadOnlyList<ChunkId> PacksOf(PackTrust trust)
    {
        lock (_gate)
        {
            return [.. _packs.Where(p => p.Trust == trust).Select(p => p.Id)];
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
