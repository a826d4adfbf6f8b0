namespace Ferry.Restore;

/// <summary>Checks on the restore target made before anything is written.</summary>
internal static class RestoreTarget
{
    private const int ENOSPC = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>A target that is a link would be swapped away instead of written through: make the user say where they mean.</summary>
    public static void EnsureNotLink(string target)
    {
        if (new FileInfo(target).LinkTarget is { } link)
        {
            throw new RestoreTargetException($"{target} is a symbolic link to {link}: restore to the folder it points to");
        }

        if (File.Exists(target))
        {
            throw new RestoreTargetException($"{target} is a file: restore into a folder");
        }
    }

    /// <summary>
    /// Each folder between <paramref name="target"/> and an included path must be a real folder: one
    /// that is a link would make the swap replace whatever it points to, outside the target and
    /// outside the safety snapshot (which stores the link, not what it points to).
    /// </summary>
    public static void EnsureNoLinkOnTheWay(string target, string include)
    {
        var path = target;
        foreach (var segment in include.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            path = Path.Combine(path, segment);
            if (new FileInfo(path).LinkTarget is { } link)
            {
                throw new RestoreTargetException($"{path} is a symbolic link to {link}: a restore does not write through links; nothing was replaced");
            }
        }
    }

    public static bool HasContent(string target) => Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any();

    /// <summary>Refuses up front when the target's disk cannot hold the restored bytes.</summary>
    public static void EnsureSpace(string target, long bytes)
    {
        var existing = target;
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing) ?? existing;
            if (existing.Length == 0 || existing == Path.GetPathRoot(existing))
            {
                break;
            }
        }

        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // cannot tell: the write itself will report a full disk
        }

        if (free < bytes)
        {
            throw new RestoreTargetException($"not enough space for {target}: the restore needs {Mib(bytes)} MiB, the disk has {Mib(free)} MiB free; free some space or restore elsewhere");
        }
    }

    public static bool IsDiskFull(IOException e) => e.HResult == ENOSPC || e.HResult == WindowsDiskFull;

    private static long Mib(long bytes) => (bytes + (1024 * 1024) - 1) / (1024 * 1024);
}
