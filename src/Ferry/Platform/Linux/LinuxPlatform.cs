using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Ferry.Platform.Exchange;

namespace Ferry.Platform.Linux;

/// <summary>
/// Linux: file status from one <c>statx</c> call (with the inode), and the restore's swap as one
/// <c>renameat2(RENAME_EXCHANGE)</c>: at every instant each path names a complete tree. A file
/// system without it (some FUSE ones, exFAT) gets the journaled pair of renames.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxPlatform : PortablePlatform
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;

    public override string Name => "linux";

    public override FileStatus Status(string path) => LinuxStat.Of(path);

    public override void Exchange(string a, string b, ExchangeSpace space)
    {
        if (RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) != 0)
        {
            ExchangeWithoutNativeSupport(a, b, space, Marshal.GetLastPInvokeError(), EINVAL, ENOSYS, EOPNOTSUPP);
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
