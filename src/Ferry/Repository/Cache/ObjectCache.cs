namespace Ferry.Repository.Cache;

/// <summary>
/// A local copy of the repository's small, immutable, often-read objects: snapshots, index objects
/// and tree packs. They are named by their content and stay encrypted here exactly as in the
/// bucket, so a cached copy is verified like a downloaded one and no secret lands on disk. Saves a
/// request per object on every command (tens of milliseconds each on a real provider).
/// Best effort throughout: a cache that cannot be read or written is skipped, never an error.
/// </summary>
internal sealed class ObjectCache(string directory)
{
    public string Directory { get; } = directory;

    public byte[]? TryRead(string key)
    {
        try
        {
            return File.ReadAllBytes(PathOf(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string key, ReadOnlySpan<byte> bytes)
    {
        var path = PathOf(key);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    /// <summary>Drops a cached copy that failed verification; the caller reads the bucket instead.</summary>
    public void Forget(string key) => TryDelete(PathOf(key));

    /// <summary>
    /// Removes cached objects under <paramref name="prefix"/> that the repository no longer holds (pruned,
    /// deleted). Only files inside this cache's own folder, never through a link out of it.
    /// </summary>
    public void Retain(string prefix, IReadOnlySet<string> keys)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (!System.IO.Directory.Exists(folder) || IsLink(folder))
        {
            return;
        }

        try
        {
            var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*", walk).Where(IsInside))
            {
                var key = System.IO.Path.GetRelativePath(Directory, file).Replace(System.IO.Path.DirectorySeparatorChar, '/');
                if (!keys.Contains(key))
                {
                    TryDelete(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is optional.
        }
    }

    /// <summary>Where a key's copy lives; a key that could lead out of the cache folder is refused.</summary>
    private string PathOf(string key)
    {
        Storage.ObjectKeys.Validate(key);
        return System.IO.Path.Combine(Directory, key.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    private bool IsInside(string path) =>
        System.IO.Path.GetFullPath(path).StartsWith(System.IO.Path.GetFullPath(Directory) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsLink(string path) => new DirectoryInfo(path).LinkTarget is not null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
