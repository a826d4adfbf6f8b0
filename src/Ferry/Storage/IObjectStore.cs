namespace Ferry.Storage;

/// <summary>
/// A flat namespace of immutable objects: the only thing Ferry asks of a place that keeps backups
/// (an S3 bucket under a root path, a local folder, memory in tests).
/// </summary>
/// <remarks>
/// Guarantees every implementation gives, checked by the shared contract suite:
/// <list type="bullet">
/// <item>Keys are relative, '/'-separated, made of <c>[A-Za-z0-9._-]</c> segments (Ferry's own are lowercase; capitals occur in apps' backups beside the repository); the store maps them
/// under its own root and never touches anything outside it.</item>
/// <item><see cref="PutAsync"/> is atomic: a reader sees the whole object or nothing. Writing an
/// existing key replaces it; Ferry only does so with identical content.</item>
/// <item>Reading a missing key throws <see cref="ObjectNotFoundException"/>; deleting one is not an error.</item>
/// <item><see cref="ListAsync"/> returns every key under a prefix exactly once, in no particular
/// order, however many there are.</item>
/// <item>Every method is safe to call concurrently and honours its cancellation token.</item>
/// </list>
/// </remarks>
public interface IObjectStore : IObjectReader
{
    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, replacing any existing object.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> ("" for all).</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes the object; a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The read half of a store: what restore and check need.</summary>
public interface IObjectReader
{
    /// <summary>Where the objects live, for messages. Never contains a secret.</summary>
    string Location { get; }

    /// <summary>The whole object. Throws <see cref="ObjectNotFoundException"/> when missing.</summary>
    Task<byte[]> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The whole object, when it holds at most <paramref name="maxSize"/> bytes; a larger one is refused
    /// with a <see cref="StorageException"/> of kind <see cref="StorageErrorKind.Corrupt"/> before memory
    /// is allocated for it. The size is the bucket's word, and whoever can write there may lie.
    /// Stores that learn the size before the body override this.
    /// </summary>
    async Task<byte[]> GetAsync(string key, int maxSize, CancellationToken cancellationToken)
    {
        var bytes = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes.Length <= maxSize ? bytes : throw StorageException.TooLarge(Location, key, bytes.Length, maxSize);
    }

    /// <summary>
    /// <paramref name="length"/> bytes from <paramref name="offset"/>. Throws
    /// <see cref="ObjectNotFoundException"/> when missing, and <see cref="StorageException"/> of kind
    /// <see cref="StorageErrorKind.Corrupt"/> when the object is shorter than the range asks for.
    /// </summary>
    Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken);

    /// <summary>
    /// Fills <paramref name="destination"/> with the bytes from <paramref name="offset"/>, like
    /// <see cref="GetRangeAsync"/> but into the caller's (pooled) buffer: a restore reads gigabytes of
    /// packs, and a fresh array per read is garbage the size of the data. Stores that can stream
    /// straight into the buffer override this; on failure the buffer's contents are undefined.
    /// </summary>
    async Task ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var bytes = await GetRangeAsync(key, offset, destination.Length, cancellationToken).ConfigureAwait(false);
        bytes.CopyTo(destination);
    }

    /// <summary>The object's size, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// One stored object. <paramref name="LastModified"/> is the server's time of its last write (null where
/// a store does not know it): locks are judged by it, never by the writer's own clock.
/// </summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset? LastModified = null);
