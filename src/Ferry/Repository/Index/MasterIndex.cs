using System.Collections.Concurrent;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Repository.Index;

/// <summary>Where a blob can be read: its pack and its place in it.</summary>
internal readonly record struct BlobLocation(ChunkId Pack, BlobType Type, uint Offset, uint Length, uint RawLength);

/// <summary>
/// Every blob the repository holds, merged from all index objects, in memory.
/// Safe for concurrent readers and writers: backup threads look chunks up while uploads add packs.
/// </summary>
internal sealed class MasterIndex
{
    private readonly ConcurrentDictionary<ChunkId, BlobLocation> _blobs = new();
    private readonly ConcurrentDictionary<ChunkId, long> _packs = new();

    /// <summary>Index objects that could not be read (key → why); their packs were indexed from their own headers.</summary>
    public IReadOnlyDictionary<string, string> Damaged { get; init; } = new Dictionary<string, string>();

    /// <summary>Packs indexed from their own headers because no index object names them (not yet written as one).</summary>
    public ConcurrentBag<IndexedPack> Recovered { get; } = [];

    public int BlobCount => _blobs.Count;

    public int PackCount => _packs.Count;

    /// <summary>Packs and their sizes.</summary>
    public IReadOnlyDictionary<ChunkId, long> Packs => _packs;

    public void Add(IndexedPack pack)
    {
        _packs[pack.Id] = pack.Size;
        foreach (var blob in pack.Blobs)
        {
            // The first copy wins: duplicates (two devices storing one chunk at once) are harmless.
            _blobs.TryAdd(blob.Id, new BlobLocation(pack.Id, blob.Type, blob.Offset, blob.Length, blob.RawLength));
        }
    }

    public bool Contains(ChunkId id) => _blobs.ContainsKey(id);

    public bool TryGet(ChunkId id, out BlobLocation location) => _blobs.TryGetValue(id, out location);

    public bool ContainsPack(ChunkId packId) => _packs.ContainsKey(packId);

    /// <summary>All blobs, grouped by the pack they are in.</summary>
    public ILookup<ChunkId, KeyValuePair<ChunkId, BlobLocation>> BlobsByPack() => _blobs.ToLookup(b => b.Value.Pack);
}
