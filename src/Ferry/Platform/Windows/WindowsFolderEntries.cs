using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using static Ferry.Platform.Windows.WindowsFileInformation;

namespace Ferry.Platform.Windows;

/// <summary>
/// A folder's entries with their status from one handle on the folder: <c>GetFileInformationByHandleEx</c>
/// with <c>FileIdBothDirectoryInfo</c> returns, for a batch of entries at a time, the name, size, last
/// write time, attributes and file index, the fields <see cref="WindowsFileInformation"/>
/// reads from a handle on each file. A backup then opens one handle per folder instead of one per entry:
/// on Windows a handle costs far more than a Unix stat, and a virus scanner may look at each one.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsFolderEntries
{
    private const uint ListDirectory = 0x1;
    private const int FileIdBothDirectoryInfo = 10;
    private const int NoMoreFiles = 18;
    private const int FileNotFound = 2;

    /// <summary>64 KiB: some 500 entries of the names apps use per call.</summary>
    private const int BatchBytes = 64 * 1024;

    /// <summary>
    /// Every entry of <paramref name="folder"/> but "." and "..", unsorted. Two kinds of entry come
    /// without a status, for the caller to stat through a handle of their own: one for which the file
    /// system gives no file index in a listing (0, or all ones when the index does not fit in 64 bits),
    /// so the index compared with the parent's is always the one a handle gives, as the stat around a
    /// file's read does; and a reparse point, whose tag (a link or not) the handle then reads from the
    /// entry itself, since a link taken for a folder would be followed.
    /// </summary>
    public static List<(string Name, FileStatus? Status)> Read(string folder)
    {
        using var handle = CreateFile(ExtendedLength(folder), ListDirectory, ShareAll, 0, OpenExisting, BackupSemantics, 0);
        if (handle.IsInvalid)
        {
            throw Error(folder, Marshal.GetLastPInvokeError());
        }

        var entries = new List<(string, FileStatus?)>();
        // FILE_ID_BOTH_DIR_INFO holds 64-bit fields: the buffer is 8-byte aligned. Rented: a walk lists
        // every folder, and 64 KiB for each would be most of its garbage.
        var buffer = ArrayPool<long>.Shared.Rent(BatchBytes / sizeof(long));
        try
        {
            var bytes = MemoryMarshal.AsBytes(buffer.AsSpan(0, BatchBytes / sizeof(long)));
            while (GetFileInformationByHandleEx(handle, FileIdBothDirectoryInfo, ref MemoryMarshal.GetReference(bytes), BatchBytes))
            {
                for (var offset = 0; ;)
                {
                    var entry = bytes[offset..];
                    var name = Name(entry);
                    if (name is not ("." or ".."))
                    {
                        entries.Add((name, Status(entry)));
                    }

                    var next = BinaryPrimitives.ReadInt32LittleEndian(entry);
                    if (next == 0)
                    {
                        break;
                    }

                    offset += next;
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(buffer);
        }

        // The folder opened, so "not found" means no entries (the empty root of a drive has no "." either).
        var error = Marshal.GetLastPInvokeError();
        return error is NoMoreFiles or FileNotFound ? entries : throw Error(folder, error);
    }

    // FILE_ID_BOTH_DIR_INFO: next entry offset (0), creation (8), access (16), write (24) and change (32)
    // times, end of file (40), allocation size (48), attributes (56), name length in bytes (60), EA size
    // (64), short name (68-93), file index (96), name (104).

    /// <summary>The name as UTF-16 code units, unpaired surrogates kept: the backup refuses those by name, and a decoder would turn them into U+FFFD.</summary>
    private static string Name(ReadOnlySpan<byte> entry) =>
        new(MemoryMarshal.Cast<byte, char>(entry.Slice(104, BinaryPrimitives.ReadInt32LittleEndian(entry[60..]))));

    private static FileStatus? Status(ReadOnlySpan<byte> entry)
    {
        var index = BinaryPrimitives.ReadUInt64LittleEndian(entry[96..]);
        var attributes = BinaryPrimitives.ReadUInt32LittleEndian(entry[56..]);
        if (index is 0 or ulong.MaxValue || (attributes & ReparsePoint) != 0)
        {
            return null;
        }

        return WindowsFileInformation.Status(
            attributes: attributes,
            reparseTag: 0,
            writeTime: BinaryPrimitives.ReadInt64LittleEndian(entry[24..]),
            size: BinaryPrimitives.ReadInt64LittleEndian(entry[40..]),
            index: index);
    }
}
