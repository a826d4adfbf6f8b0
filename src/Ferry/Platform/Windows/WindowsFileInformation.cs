using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Platform.Windows;

/// <summary>
/// File status on Windows from one handle opened for attributes only (no sharing conflict with an
/// app that holds the file, no recall of a cloud placeholder, links not followed):
/// <c>GetFileInformationByHandle</c> gives size, last write time, attributes and the file index
/// (what tells a file replaced in place from one left alone). A reparse point is a link only when
/// its tag says symbolic link or junction; OneDrive placeholders and deduplicated files are files.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsFileInformation
{
    private const uint FileReadAttributes = 0x80;
    internal const uint ShareAll = 7;
    internal const uint OpenExisting = 3;
    internal const uint BackupSemantics = 0x02000000;
    private const uint OpenReparsePoint = 0x00200000;
    private const int FileAttributeTagInfo = 9;
    internal const uint ReparsePoint = 0x400;
    private const uint DirectoryAttribute = 0x10;
    private const uint SymlinkTag = 0xA000000C;
    private const uint MountPointTag = 0xA0000003;
    private const int MaxPath = 260;

    public static FileStatus Of(string path)
    {
        using var handle = CreateFile(ExtendedLength(path), FileReadAttributes, ShareAll, 0, OpenExisting, BackupSemantics | OpenReparsePoint, 0);
        if (handle.IsInvalid)
        {
            throw Error(path, Marshal.GetLastPInvokeError());
        }

        // BY_HANDLE_FILE_INFORMATION: attributes (0), creation (4), access (12) and write (20) FILETIMEs,
        // volume serial (28), size high/low (32, 36), links (40), file index high/low (44, 48).
        Span<byte> info = stackalloc byte[52];
        if (!GetFileInformationByHandle(handle, ref MemoryMarshal.GetReference(info)))
        {
            throw Error(path, Marshal.GetLastPInvokeError());
        }

        var attributes = BinaryPrimitives.ReadUInt32LittleEndian(info);
        var writeTime = (long)BinaryPrimitives.ReadUInt64LittleEndian(info[20..]);
        var size = ((long)BinaryPrimitives.ReadUInt32LittleEndian(info[32..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(info[36..]);
        var index = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(info[44..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(info[48..]);
        return Status(attributes, (attributes & ReparsePoint) != 0 ? ReparseTag(handle) : 0, writeTime, size, index);
    }

    /// <summary>The status from the fields Windows gives for a file, by handle or in a folder listing (<see cref="WindowsFolderEntries"/>).</summary>
    internal static FileStatus Status(uint attributes, uint reparseTag, long writeTime, long size, ulong index)
    {
        var kind = (attributes & ReparsePoint) != 0 && reparseTag is SymlinkTag or MountPointTag ? EntryKind.Symlink
            : (attributes & DirectoryAttribute) != 0 ? EntryKind.Directory
            : EntryKind.File;
        var kept = (int)(attributes & (uint)FileStatus.KeptAttributes);
        return new FileStatus(kind, kind == EntryKind.File ? size : 0, FileStatus.UnixNanosFromFileTime(writeTime), 0, index, kept);
    }

    /// <summary>Long paths need the \\?\ form in direct calls (.NET adds it for its own).</summary>
    internal static string ExtendedLength(string path) =>
        path.Length < MaxPath - 12 || !Path.IsPathFullyQualified(path) || path.StartsWith(@"\\?\", StringComparison.Ordinal) ? path
        : path.StartsWith(@"\\", StringComparison.Ordinal) ? @"\\?\UNC\" + path[2..]
        : @"\\?\" + path;

    private static uint ReparseTag(SafeFileHandle handle)
    {
        // FILE_ATTRIBUTE_TAG_INFO: attributes (0), reparse tag (4).
        Span<byte> tag = stackalloc byte[8];
        return GetFileInformationByHandleEx(handle, FileAttributeTagInfo, ref MemoryMarshal.GetReference(tag), 8)
            ? BinaryPrimitives.ReadUInt32LittleEndian(tag[4..]) : 0;
    }

    internal static Exception Error(string path, int error)
    {
        var message = new Win32Exception(error).Message;
        return error switch
        {
            2 or 3 => new FileNotFoundException($"'{path}' does not exist", path),
            5 => new UnauthorizedAccessException($"'{path}': {message}"),
            _ => new IOException($"'{path}': {message}", unchecked((int)0x80070000) | error),
        };
    }

    [LibraryImport("kernel32.dll", EntryPoint = "CreateFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial SafeFileHandle CreateFile(string name, uint access, uint share, nint security, uint disposition, uint flags, nint template);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetFileInformationByHandle(SafeFileHandle handle, ref byte information);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetFileInformationByHandleEx(SafeFileHandle handle, int informationClass, ref byte information, uint size);
}
