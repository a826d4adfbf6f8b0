using System.Security.Cryptography;
using Ferry.Repository.Index;
using Ferry.Storage;

namespace Ferry.Repository.Packs;

/// <summary>
/// Proves that a pack's header belongs to the bytes around it. A header read alone (two ranged reads)
/// says what the pack holds, but whoever can write to the bucket can copy a genuine header next to
/// other bytes; so before an entry from a header is relied on (a backup skipping a chunk, an index
/// object naming it, prune keeping it as the one copy), the pack is downloaded whole: its bytes hash
/// to its name, its header opens, and every blob it lists decrypts to its id.
/// </summary>
internal static class PackVerifier
{
    /// <summary>No pack is larger (a pack is closed at pack_size; one tree blob may exceed it, up to a tree's limit).</summary>
    public const int MaxPackSize = 512 * 1024 * 1024;

    /// <summary>The pack as its verified header describes it; throws <see cref="CorruptDataException"/> when any check fails.</summary>
    public static async Task<IndexedPack> VerifyAsync(FerryRepository repository, ObjectInfo stored, CancellationToken cancellationToken)
    {
        if (!PackNames.TryParseKey(stored.Key, out var id))
        {
            throw new ArgumentException($"'{stored.Key}' is not a pack key", nameof(stored));
        }

        var bytes = await ReadWholeAsync(repository.Store, stored.Key, cancellationToken).ConfigureAwait(false);
        var name = id.ToShortString();
        if (new Crypto.ChunkId(SHA256.HashData(bytes)) != id)
        {
            throw new CorruptDataException($"pack {name} does not match its name");
        }

        var blobs = PackHeader.OpenWhole(repository.Key, bytes, name);
        foreach (var blob in blobs)
        {
            repository.DecodeBlob(blob.Id, new BlobLocation(id, blob.Type, blob.Offset, blob.Length, blob.RawLength), bytes.AsSpan((int)blob.Offset, (int)blob.Length));
        }

        return new IndexedPack(id, bytes.Length, blobs);
    }

    /// <summary>A whole pack, refused as damaged (not allocated) when the bucket says it is larger than any pack can be.</summary>
    public static async Task<byte[]> ReadWholeAsync(IObjectReader store, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(key, MaxPackSize, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
        {
            throw new CorruptDataException(e.Message, e);
        }
    }
}
