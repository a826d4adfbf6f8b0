using System.ComponentModel;
using System.Runtime.InteropServices;
using Ferry.Names;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Platform.Names;

/// <summary>
/// The few libc calls that take a path as bytes, for Linux names that are not UTF-8: .NET reads them
/// with U+FFFD for each bad byte and can then neither open nor create them. Only paths holding such
/// names come here (<see cref="NamedFiles"/> decides); everything else takes the normal .NET path.
/// </summary>
internal static unsafe partial class NativeNames
{
    private const int ORdOnly = 0;
    private const int OWrOnly = 1;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int OCloExec = 0x80000;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int EEXIST = 17;
    private const int EINTR = 4;

    /// <summary>Offset of <c>d_name</c> in glibc's <c>struct dirent</c> (64-bit: ino, off, reclen, type), the same on x64 and arm64.</summary>
    private const int DirentNameOffset = 19;

    /// <summary>The names in a folder, as bytes read by <c>readdir</c>, "." and ".." left out.</summary>
    public static List<string> List(string folder)
    {
        var dir = OpenDir(PathBytes(folder));
        if (dir == IntPtr.Zero)
        {
            throw Error(folder);
        }

        try
        {
            var names = new List<string>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = ReadDir(dir);
                if (entry == IntPtr.Zero)
                {
                    if (Marshal.GetLastPInvokeError() != 0)
                    {
                        throw Error(folder);
                    }

                    return names;
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(EntryName.FromBytes(name));
                }
            }
        }
        finally
        {
            _ = CloseDir(dir);
        }
    }

    public static SafeFileHandle OpenRead(string path) => Open(path, ORdOnly | OCloExec, 0);

    /// <summary>Opens a file for writing, creating it (mode 0666 less the umask); <paramref name="createNew"/> fails if it exists.</summary>
    public static SafeFileHandle OpenWrite(string path, bool createNew) => Open(path, OWrOnly | OCreat | OCloExec | (createNew ? OExcl : 0), 0b110_110_110);

    /// <summary>Creates one folder (its parent exists); an existing folder is fine.</summary>
    public static void CreateDirectory(string path)
    {
        if (MkDir(PathBytes(path), 0b111_111_111) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
        {
            throw Error(path);
        }
    }

    public static void CreateSymbolicLink(string path, string target) => Check(Symlink(PathBytes(target), PathBytes(path)), path);

    public static string ReadLink(string path)
    {
        var buffer = stackalloc byte[4096];
        var n = ReadLink(PathBytes(path), buffer, 4096);
        return n < 0 ? throw Error(path) : EntryName.FromBytes(new ReadOnlySpan<byte>(buffer, (int)n));
    }

    public static void DeleteFile(string path) => Check(Unlink(PathBytes(path)), path);

    public static void DeleteDirectory(string path) => Check(RmDir(PathBytes(path)), path);

    public static void SetMode(string path, int mode) => Check(ChMod(PathBytes(path), (uint)mode), path);

    /// <summary>Sets the modification time (and the access time to the same) of the entry itself, never of what a link points to.</summary>
    public static void SetModificationTime(string path, long unixNanoseconds)
    {
        var seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }

        var times = stackalloc long[] { seconds, nanos, seconds, nanos };
        Check(UtimensAt(AtFdCwd, PathBytes(path), times, AtSymlinkNoFollow), path);
    }

    /// <summary>The path as the NUL-terminated bytes libc takes.</summary>
    public static byte[] PathBytes(string path)
    {
        if (EntryName.HasEscapes(path))
        {
            var raw = EntryName.ToBytes(path);
            Array.Resize(ref raw, raw.Length + 1);
            return raw;
        }

        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private static SafeFileHandle Open(string path, int flags, int mode)
    {
        var bytes = PathBytes(path);
        while (true)
        {
            var fd = OpenFile(bytes, flags, (uint)mode);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                throw Error(path);
            }
        }
    }

    private static void Check(int result, string path)
    {
        if (result != 0)
        {
            throw Error(path);
        }
    }

    /// <summary>The same exceptions .NET throws for the same errors, so callers catch one kind.</summary>
    private static Exception Error(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var message = $"'{NameText.Show(path)}': {new Win32Exception(errno).Message}";
        return errno switch
        {
            2 or 20 => new FileNotFoundException(message, path),
            13 or 1 => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenFile(byte[] path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial IntPtr OpenDir(byte[] path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static partial int CloseDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static partial int MkDir(byte[] path, uint mode);

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true)]
    private static partial int Symlink(byte[] target, byte[] path);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    private static partial nint ReadLink(byte[] path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true)]
    private static partial int Unlink(byte[] path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true)]
    private static partial int RmDir(byte[] path);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static partial int ChMod(byte[] path, uint mode);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true)]
    private static partial int UtimensAt(int dirfd, byte[] path, long* times, int flags);
}
