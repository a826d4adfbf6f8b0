using System.Runtime.InteropServices;

namespace Ferry.Scheduling;

/// <summary>
/// The cross-process half of "never two backups at once": an exclusive OS lock on a file next to
/// the config file, held for the whole backup. The OS drops it when the process dies, so a crash
/// never leaves a stale lock behind.
/// </summary>
/// <remarks>
/// flock(2) on Unix, called directly: the CLI turns off .NET's own flock behind FileShare
/// (<c>System.IO.DisableFileLocking</c>), and FileStream.Lock is not supported on macOS. flock locks
/// belong to the open file, so a second open conflicts even inside one process. On Windows,
/// LockFileEx through <see cref="FileStream.Lock"/>.
/// </remarks>
internal sealed partial class BackupLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private readonly FileStream _stream;

    private BackupLock(FileStream stream)
    {
        _stream = stream;
    }

    public static string PathFor(string configPath) => Path.ChangeExtension(configPath, null) + ".backup.lock";

    /// <summary>The lock, or null when another process (or another open in this one) holds it.</summary>
    public static BackupLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FileStream? stream = null;
        try
        {
            // .NET may take a shared flock itself on open (when file locking is enabled); a holder's
            // exclusive lock then fails the open with an IOException: the same answer, "held".
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            if (OperatingSystem.IsWindows())
            {
                stream.Lock(0, 1);
            }
            else if (Flock(stream.SafeFileHandle, LockExclusive | LockNonBlocking) != 0)
            {
                stream.Dispose();
                return null;
            }

            return new BackupLock(stream);
        }
        catch (IOException)
        {
            stream?.Dispose();
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeHandle fd, int operation);
}
