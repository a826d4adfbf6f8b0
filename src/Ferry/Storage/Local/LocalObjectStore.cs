using System.Runtime.CompilerServices;

namespace Ferry.Storage.Local;

/// <summary>
/// Objects as files under a folder (an external disk, a synced folder, the default local repository).
/// A put writes a temporary file beside the target, flushes it to disk and renames it over the key,
/// so a crash leaves either the old object or the new one.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private const string TempSuffix = ".tmp-ferry";
    private readonly string _root;

    /// <summary>A store of files under <paramref name="root"/>, created on the first write.</summary>
    public LocalObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            var file = new FileStream(temp, options);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (IOException e)
        {
            TryDelete(temp);
            throw new StorageException($"cannot write {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetAsync(string key, int maxSize, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            var length = RandomAccess.GetLength(handle);
            if (length > maxSize)
            {
                throw StorageException.TooLarge(Location, key, length, maxSize);
            }

            var bytes = new byte[length];
            var done = 0;
            while (done < bytes.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, bytes.AsMemory(done), done, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new StorageException($"object '{key}' in {Location} shrank while it was read", StorageErrorKind.Corrupt);
                }

                done += n;
            }

            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var buffer = new byte[length];
        await ReadRangeAsync(key, offset, buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <inheritdoc/>
    public async Task ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(key);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            var done = 0;
            while (done < destination.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, destination[done..], offset + done, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    // Corrupt, as the S3 store says it: readers treat it as damaged data, not as a failed request.
                    throw new StorageException($"object '{key}' in {Location} is shorter than the range {offset}+{destination.Length}: the object is damaged", StorageErrorKind.Corrupt);
                }

                done += n;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    /// <inheritdoc/>
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length) : null);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        // Walk only the folder the prefix names, then filter by the rest of it.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(TempSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var info = new FileInfo(file);
                yield return new ObjectInfo(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: deleting is idempotent.
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is skipped by listings.
        }
    }
}
