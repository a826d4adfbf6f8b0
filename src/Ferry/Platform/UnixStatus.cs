using System.ComponentModel;

namespace Ferry.Platform;

/// <summary>What the native <c>stat</c> calls of Linux and macOS share: the file type bits and the errors.</summary>
internal static class UnixStatus
{
    public static FileStatus From(int mode, long size, long mtimeNs, ulong inode)
    {
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
        return new FileStatus(kind, kind == EntryKind.File ? size : 0, mtimeNs, mode & 0xFFF, inode);
    }

    /// <summary>The exception .NET's own calls would throw for this errno (ENOENT, ENOTDIR, EACCES, EPERM agree on both systems).</summary>
    public static Exception Error(string path, int errno)
    {
        var message = new Win32Exception(errno).Message;
        return errno switch
        {
            2 or 20 => new FileNotFoundException($"'{path}' does not exist", path),
            13 or 1 => new UnauthorizedAccessException($"'{path}': {message}"),
            _ => new IOException($"'{path}': {message}", errno),
        };
    }
}
