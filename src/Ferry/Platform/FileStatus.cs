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
/// The metadata Ferry stores and compares, as the current platform reads it (<see cref="OsPlatform"/>):
/// the inode or Windows file index is what tells a file replaced in place from one left alone (0 where
/// the platform gives none); <see cref="Mode"/> holds Unix permission bits (0 on Windows) and
/// <see cref="Attributes"/> the Windows attributes Ferry keeps (<see cref="KeptAttributes"/>; 0 elsewhere).
/// </summary>
internal readonly record struct FileStatus(EntryKind Kind, long Size, long MTimeNs, int Mode, ulong Inode, int Attributes = 0)
{
    /// <summary>The Windows attributes a snapshot keeps: read-only, hidden and system (the values Windows gives them).</summary>
    public const FileAttributes KeptAttributes = FileAttributes.ReadOnly | FileAttributes.Hidden | FileAttributes.System;

    /// <summary>The attributes as a tree node stores them: absent when there are none.</summary>
    public int? StoredAttributes => Attributes == 0 ? null : Attributes;

    /// <summary>
    /// Reads a path's status through the chosen platform layer; a path holding bytes that are not
    /// UTF-8 exists only on Linux and only statx by bytes can find it, whichever layer is chosen.
    /// </summary>
    public static FileStatus Of(string path) =>
        OperatingSystem.IsLinux() && Names.NamedFiles.NeedsBytes(path) ? Linux.LinuxStat.Of(path) : OsPlatform.Current.Status(path);

    /// <summary>Nanoseconds since 1970 of a Windows FILETIME (100 ns ticks since 1601).</summary>
    public static long UnixNanosFromFileTime(long fileTime) => (fileTime - 116_444_736_000_000_000L) * 100;
}
