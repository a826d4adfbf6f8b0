using System.Security.Cryptography;
using Ferry.Repository.Crypto;
using Ferry.Storage;

namespace Ferry.Repository;

/// <summary>
/// Metadata objects (config, index, snapshots): compressed, encrypted with their kind bound as
/// associated data, and named by the SHA-256 of the stored bytes. A reader checks the name, so an
/// object swapped for another valid one, or altered in any byte, is caught before it is used.
/// </summary>
internal sealed class SealedObjects(IObjectStore store, MasterKey key)
{
    /// <summary>Stores a content-addressed object under <paramref name="prefix"/>; returns its id.</summary>
    public async Task<ChunkId> SaveAsync(string prefix, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var sealedBytes = BlobCodec.Encode(key, plaintext.Span, Context(prefix));
        var id = new ChunkId(SHA256.HashData(sealedBytes));
        await store.PutAsync(prefix + id, sealedBytes, cancellationToken).ConfigureAwait(false);
        Cache?.Write(prefix + id, sealedBytes);
        return id;
    }

    /// <summary>Where snapshots and index objects are kept locally, when caching is on.</summary>
    public Cache.ObjectCache? Cache { get; set; }

    public async Task<byte[]> LoadAsync(string prefix, ChunkId id, int maxSize, CancellationToken cancellationToken)
    {
        var name = prefix + id;
        if (Cache?.TryRead(name) is { } cached)
        {
            if (new ChunkId(SHA256.HashData(cached)) == id)
            {
                return BlobCodec.DecodeUnsized(key, cached, maxSize, name, Context(prefix));
            }

            Cache.Forget(name);
        }

        var sealedBytes = await GetBoundedAsync(name, maxSize, cancellationToken).ConfigureAwait(false);
        if (new ChunkId(SHA256.HashData(sealedBytes)) != id)
        {
            throw new CorruptDataException($"{name} does not match its name: it was changed or replaced after it was stored");
        }

        var plain = BlobCodec.DecodeUnsized(key, sealedBytes, maxSize, name, Context(prefix));
        Cache?.Write(name, sealedBytes);
        return plain;
    }

    /// <summary>A fixed-name object (the config), authenticated but not content-addressed.</summary>
    public Task SaveNamedAsync(string name, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken) =>
        store.PutAsync(name, SealNamed(key, name, plaintext.Span), cancellationToken);

    public async Task<byte[]> LoadNamedAsync(string name, int maxSize, CancellationToken cancellationToken) =>
        OpenNamed(key, name, await GetBoundedAsync(name, maxSize, cancellationToken).ConfigureAwait(false), maxSize);

    /// <summary>Seals a fixed-name object: the bytes <see cref="SaveNamedAsync"/> stores.</summary>
    public static byte[] SealNamed(MasterKey key, string name, ReadOnlySpan<byte> plaintext) => BlobCodec.Encode(key, plaintext, Context(name));

    /// <summary>The plaintext of a fixed-name object's stored bytes, checked against its name as associated data.</summary>
    public static byte[] OpenNamed(MasterKey key, string name, byte[] sealedBytes, int maxSize) =>
        BlobCodec.DecodeUnsized(key, sealedBytes, maxSize, name, Context(name));

    /// <summary>The most bytes an object whose plaintext may hold <paramref name="maxPlain"/> bytes can take in the bucket.</summary>
    public static int MaxStoredSize(int maxPlain) => maxPlain + SealedOverhead;

    /// <summary>
    /// The stored bytes of an object whose plaintext may hold <paramref name="maxPlain"/> bytes: a larger
    /// object is damage (or planted), refused before it is read into memory.
    /// </summary>
    private async Task<byte[]> GetBoundedAsync(string name, int maxPlain, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(name, MaxStoredSize(maxPlain), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
        {
            throw new CorruptDataException(e.Message, e);
        }
    }

    /// <summary>The framing byte, nonce and tag around a sealed object's plaintext (stored raw at worst).</summary>
    private const int SealedOverhead = 1 + Aead.Overhead;

    private static byte[] Context(string kind) => System.Text.Encoding.UTF8.GetBytes($"ferry {kind} v1");
}
