using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Ferry.Platform.MacOS;

/// <summary>
/// <c>lstat(2)</c> through libSystem, read with the 64-bit-inode <c>struct stat</c> of
/// &lt;sys/stat.h&gt; (144 bytes on arm64 and x64): st_mode (uint16) at 4, st_ino (uint64) at 8,
/// st_mtimespec at 48, st_size at 96. On x64 that struct is what <c>lstat$INODE64</c> fills;
/// on arm64 plain <c>lstat</c> is already that one.
/// </summary>
[SupportedOSPlatform("macos")]
internal static partial class DarwinStat
{
    private const int StructSize = 256;

    public static FileStatus Of(string path)
    {
        Span<byte> buffer = stackalloc byte[StructSize];
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? LStatInode64(path, ref MemoryMarshal.GetReference(buffer))
            : LStat(path, ref MemoryMarshal.GetReference(buffer));
        if (result != 0)
        {
            throw UnixStatus.Error(path, Marshal.GetLastPInvokeError());
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[4..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[48..]);
        var mtimeNanos = BinaryPrimitives.ReadInt64LittleEndian(buffer[56..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[96..]);
        return UnixStatus.From(mode, size, (mtimeSeconds * 1_000_000_000) + mtimeNanos, inode);
    }

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStatInode64(string path, ref byte buffer);
}
