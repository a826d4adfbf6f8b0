using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ferry.Platform.Linux;

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
        if (!TryStat(path, buffer))
        {
            throw UnixStatus.Error(path, Marshal.GetLastPInvokeError());
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        return UnixStatus.From(mode, size, (mtimeSeconds * 1_000_000_000) + mtimeNanos, inode);
    }

    /// <summary>True when <paramref name="path"/> (not followed if a link) belongs to the user this process runs as.</summary>
    public static bool IsOwnedByMe(string path)
    {
        Span<byte> buffer = stackalloc byte[StructSize];
        return TryStat(path, buffer) && BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]) == GetEffectiveUserId();
    }

    /// <summary>statx of the path itself (a link is not followed) into <paramref name="buffer"/>; false with errno set when it fails.</summary>
    private static bool TryStat(string path, Span<byte> buffer) =>
        Statx(AtFdCwd, Names.NativeNames.PathBytes(path), AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>The path goes as its bytes: a name that is not UTF-8 (<see cref="Ferry.Names.EntryName"/>) is found too.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirfd, byte[] path, int flags, uint mask, ref byte buffer);
}
