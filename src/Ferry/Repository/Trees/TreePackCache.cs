using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Repository.Trees;

/// <summary>
/// Reads tree blobs a whole tree pack at a time and keeps recent packs in memory. A snapshot's trees
/// sit together in a few packs, so walking a snapshot of hundreds of folders costs a few requests
/// instead of one per folder (each request is a round trip: tens of milliseconds on many providers).
/// </summary>
internal sealed class TreePackCache(IObjectStore store, long capacityBytes)
{
    /// <summary>Tree packs larger than this are read blob by blob instead.</summary>
    private const long MaxCachedPack = 32 * 1024 * 1024;

    private readonly ConcurrentDictionary<ChunkId, Lazy<Task<byte[]>>> _packs = new();
    private readonly Queue<(ChunkId Pack, long Size)> _age = new();
    private readonly Lock _gate = new();
    private long _cachedBytes;

    /// <summary>The sealed bytes of a tree blob from its (cached) pack, or null when the blob is not one this cache serves.</summary>
    public async Task<byte[]?> TryReadAsync(MasterIndex index, BlobLocation location, CancellationToken cancellationToken)
    {
        if (location.Type != BlobType.Tree || !index.TryGetPackSize(location.Pack, out var packSize) || packSize > MaxCachedPack)
        {
            return null;
        }

        var pack = _packs.GetOrAdd(location.Pack, id => new Lazy<Task<byte[]>>(() => LoadAsync(id, packSize, cancellationToken)));
        byte[] bytes;
        try
        {
            bytes = await pack.Value.ConfigureAwait(false);
        }
        catch
        {
            _packs.TryRemove(location.Pack, out _);
            throw;
        }

        if ((long)location.Offset + location.Length > bytes.Length)
        {
            throw new CorruptDataException($"tree blob lies outside pack {location.Pack.ToShortString()}");
        }

        return bytes.AsSpan((int)location.Offset, (int)location.Length).ToArray();
    }

    /// <summary>Tree packs kept on disk between commands, when caching is on.</summary>
    public Cache.ObjectCache? Disk { get; set; }

    private async Task<byte[]> LoadAsync(ChunkId pack, long size, CancellationToken cancellationToken)
    {
        var key = PackNames.KeyOf(pack);
        var bytes = Disk?.TryRead(key) is { } cached && cached.Length == size && new ChunkId(SHA256.HashData(cached)) == pack
            ? cached
            : await DownloadAsync(key, pack, size, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _age.Enqueue((pack, size));
            _cachedBytes += size;
            // The oldest packs go first; one being read stays alive until its readers finish.
            while (_cachedBytes > capacityBytes && _age.Count > 1)
            {
                var oldest = _age.Dequeue();
                _packs.TryRemove(oldest.Pack, out _);
                _cachedBytes -= oldest.Size;
            }
        }

        return bytes;
    }

    private async Task<byte[]> DownloadAsync(string key, ChunkId pack, long size, CancellationToken cancellationToken)
    {
        var bytes = await store.GetRangeAsync(key, 0, (int)size, cancellationToken).ConfigureAwait(false);
        // Only a pack that matches its name is kept: the cache must never hold what the bucket does not.
        if (Disk is not null && new ChunkId(SHA256.HashData(bytes)) == pack)
        {
            Disk.Write(key, bytes);
        }

        return bytes;
    }
}
