using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Ferry.Storage.Memory;

/// <summary>
/// A strict in-memory store for fast tests of the layers above storage. It copies on the way in and
/// out, so a caller that reuses a buffer after <see cref="PutAsync"/> cannot corrupt what was stored.
/// </summary>
/// <param name="time">The server's clock: it stamps each object's last write, as an S3 server does (tests pass a fake one).</param>
public sealed class MemoryObjectStore(TimeProvider? time = null) : IObjectStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc/>
    public string Location => "memory";

    /// <summary>Number of stored objects, for tests.</summary>
    public int Count => _objects.Count;

    /// <inheritdoc/>
    public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        _objects[key] = data.ToArray();
        _written[key] = _time.GetUtcNow();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(key).ToArray());
    }

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, int maxSize, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var data = Find(key);
        return data.Length <= maxSize ? Task.FromResult(data.ToArray()) : throw StorageException.TooLarge(Location, key, data.Length, maxSize);
    }

    /// <inheritdoc/>
    public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        cancellationToken.ThrowIfCancellationRequested();
        var data = Find(key);
        if (offset + length > data.Length)
        {
            throw new StorageException($"object '{key}' has {data.Length} bytes, range {offset}+{length} is past its end", StorageErrorKind.Corrupt);
        }

        return Task.FromResult(data.AsSpan((int)offset, length).ToArray());
    }

    /// <inheritdoc/>
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_objects.TryGetValue(key, out var data) ? new ObjectInfo(key, data.Length) : null);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        foreach (var (key, data) in _objects.ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return new ObjectInfo(key, data.Length, _written.GetValueOrDefault(key));
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        _objects.TryRemove(key, out _);
        _written.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>Replaces stored bytes behind the repository's back, as another S3 client could.</summary>
    public void Tamper(string key, Func<byte[], byte[]> change)
    {
        _objects[key] = change(Find(key).ToArray());
        _written[key] = _time.GetUtcNow();
    }

    /// <summary>Stores bytes under a key the contract would refuse (a name with a space), as another S3 client could.</summary>
    public void Plant(string key, byte[] data)
    {
        _objects[key] = data;
        _written[key] = _time.GetUtcNow();
    }

    private byte[] Find(string key) => _objects.TryGetValue(key, out var data) ? data : throw new ObjectNotFoundException(key);
}
