using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Ferry.Platform.Exchange;

namespace Ferry.Platform.MacOS;

/// <summary>
/// macOS: file status from <c>lstat</c> (with the inode), and the restore's swap as one
/// <c>renamex_np(RENAME_SWAP)</c> (APFS and HFS+). A file system without it (exFAT, SMB shares)
/// gets the journaled pair of renames. Lock files: .NET cannot test byte-range locks on macOS, so
/// Chromium's SingletonLock and the process list tell (the portable behaviour).
/// </summary>
[SupportedOSPlatform("macos")]
internal sealed partial class MacPlatform : PortablePlatform
{
    private const uint RenameSwap = 2;
    private const int EINVAL = 22;
    private const int ENOTSUP = 45;
    private const int ENOSYS = 78;

    public override string Name => "macos";

    public override FileStatus Status(string path) => DarwinStat.Of(path);

    public override void Exchange(string a, string b, ExchangeSpace space)
    {
        if (RenameXNp(a, b, RenameSwap) != 0)
        {
            ExchangeWithoutNativeSupport(a, b, space, Marshal.GetLastPInvokeError(), EINVAL, ENOTSUP, ENOSYS);
        }
    }

    [LibraryImport("libc", EntryPoint = "renamex_np", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameXNp(string from, string to, uint flags);
}
