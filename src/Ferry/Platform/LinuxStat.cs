using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Ferry.Platform;

/// <summary>
/// <c>statx(2)</c> through glibc. Its struct has the same layout on every Linux architecture,
/// unlike <c>struct stat</c>, so one declaration serves x64 and arm64.
/// </summary>
internal static partial class LinuxStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StructSize = 256;

    public static FileStatus Of(string path)
    {
        Span<byte> buffer = stackalloc byte[StructSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = new Win32Exception(errno).Message;
            throw errno switch
            {
                2 or 20 => new FileNotFoundException($"'{path}' does not exist", path),
                13 or 1 => new UnauthorizedAccessException($"'{path}': {message}"),
                _ => new IOException($"'{path}': {message}", errno),
            };
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
        return new FileStatus(kind, kind == EntryKind.File ? size : 0, (mtimeSeconds * 1_000_000_000) + mtimeNanos, mode & 0xFFF, inode);
    }

    /// <summary>True when <paramref name="path"/> (not followed if a link) belongs to the user this process runs as.</summary>
    public static bool IsOwnedByMe(string path)
    {
        Span<byte> buffer = stackalloc byte[StructSize];
        return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0
            && BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]) == GetEffectiveUserId();
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
