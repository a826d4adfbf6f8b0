namespace Ferry.Platform;

/// <summary>What kind of file system entry a path is (links are never followed).</summary>
internal enum EntryKind
{
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>
/// The metadata Ferry stores and compares: one <c>statx</c> call on Linux (the inode is what tells a
/// file replaced in place from one left alone); the portable .NET calls elsewhere.
/// </summary>
internal readonly record struct FileStatus(EntryKind Kind, long Size, long MTimeNs, int Mode, ulong Inode)
{
    public static FileStatus Of(string path) =>
        OperatingSystem.IsLinux() ? LinuxStat.Of(path) : Portable(path);

    private static FileStatus Portable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            throw new FileNotFoundException($"'{path}' does not exist", path);
        }

        FileSystemInfo entry = info.Attributes.HasFlag(FileAttributes.Directory) ? new DirectoryInfo(path) : info;
        var kind = entry.LinkTarget is not null ? EntryKind.Symlink
            : entry is DirectoryInfo ? EntryKind.Directory
            : EntryKind.File;
        var mode = OperatingSystem.IsWindows() ? 0 : (int)entry.UnixFileMode;
        var mtime = (entry.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new FileStatus(kind, kind == EntryKind.File ? info.Length : 0, mtime, mode, 0);
    }
}
