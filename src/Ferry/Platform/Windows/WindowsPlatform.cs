using System.Runtime.Versioning;
using Ferry.Platform.Exchange;

namespace Ferry.Platform.Windows;

/// <summary>
/// Windows: file status with the file index (<see cref="WindowsFileInformation"/>), a whole folder's
/// from one handle (<see cref="WindowsFolderEntries"/>); the restore's
/// swap as a journaled pair of renames (Windows has no atomic exchange of two folders), retried for a
/// few seconds because a virus scanner may briefly hold a file just written; and a lock file counts
/// as held while another process has it open (Chromium's <c>lockfile</c> and LevelDB's <c>LOCK</c>
/// stay open as long as the app runs), which shows as a sharing violation.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsPlatform() : PortablePlatform(new JournaledExchange(moveAttempts: 10))
{
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LockViolation = unchecked((int)0x80070021);

    public override string Name => "windows";

    public override FileStatus Status(string path) => WindowsFileInformation.Of(path);

    public override List<(string Name, FileStatus? Status)>? ListWithStatus(string folder) => WindowsFolderEntries.Read(folder);

    public override string? LockHolder(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return null;
        }
        catch (IOException e) when (e.HResult is SharingViolation or LockViolation)
        {
            return "is open in another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // cannot tell: the process check may still
        }
    }
}
