using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Ferry.Platform;

/// <summary>
/// Swaps two paths. On Linux this is one <c>renameat2(RENAME_EXCHANGE)</c>: at every instant each
/// path names a complete tree. Elsewhere (or on a file system without it) two renames, with the old
/// tree parked under a third name in between, so a crash leaves it recoverable by name.
/// </summary>
internal static partial class AtomicExchange
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int ENOSYS = 38;
    private const int EINVAL = 22;

    /// <summary>After this call <paramref name="a"/> holds what <paramref name="b"/> held, and the reverse.</summary>
    public static void Swap(string a, string b, string parking)
    {
        if (OperatingSystem.IsLinux())
        {
            if (RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is not (ENOSYS or EINVAL))
            {
                throw new IOException($"cannot swap {a} and {b}: {new Win32Exception(errno).Message}", errno);
            }
        }

        Move(b, parking);
        Move(a, b);
        Move(parking, a);
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
