using System.Runtime.InteropServices;

namespace Ferry.LocalFiles;

/// <summary>
/// A file held open with an exclusive OS lock for as long as its owner lives. The OS drops the lock
/// when the process dies, however it dies, so "is this file still held?" tells a running process from
/// a dead one without process ids (which another PID namespace, container or machine reuses).
/// </summary>
/// <remarks>
/// flock(2) on Unix, called directly: the CLI turns off .NET's own flock behind FileShare
/// (<c>System.IO.DisableFileLocking</c>), and FileStream.Lock is not supported on macOS. flock locks
/// belong to the open file, so a second open conflicts even inside one process, and across PID
/// namespaces that share the file system. On Windows, LockFileEx through <see cref="FileStream.Lock"/>.
/// Files are created 0600: only their owner can open them.
/// </remarks>
internal sealed partial class HeldFile : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private readonly FileStream _stream;

    private HeldFile(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Opens (creating it 0600 if needed) and locks the file; null when another open holds it.</summary>
    public static HeldFile? TryHold(string path) => TryHold(path, FileMode.OpenOrCreate);

    private static HeldFile? TryHold(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream? stream = null;
        try
        {
            // .NET may take a shared flock itself on open (when file locking is enabled); a holder's
            // exclusive lock then fails the open with an IOException: the same answer, "held".
            stream = new FileStream(path, options);
            if (OperatingSystem.IsWindows())
            {
                stream.Lock(0, 1);
            }
            else if (Flock(stream.SafeFileHandle, LockExclusive | LockNonBlocking) != 0)
            {
                stream.Dispose();
                return null;
            }
            else
            {
                // A file an older version made 0644 becomes private too.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return new HeldFile(path, stream);
        }
        catch (IOException)
        {
            stream?.Dispose();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // Opened, but another user's: it cannot be made private.
            stream?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when <paramref name="path"/> exists and nobody holds it: whoever made it has died. False
    /// when it is held, missing, a link, or not ours to open (then nothing is known). With <paramref name="keep"/>
    /// the file stays where it is, for others to find; else it is deleted when abandoned.
    /// </summary>
    /// <remarks>
    /// Such files live in shared folders (the temp folder): a link another user planted under a
    /// marker's name is never followed, so no file it points to is opened or made private.
    /// </remarks>
    public static bool IsAbandoned(string path, bool keep = false)
    {
        if (!File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            return false;
        }

        try
        {
            // Only a file that is there: one its owner removed meanwhile is not made again.
            var probe = TryHold(path, FileMode.Open);
            if (probe is null)
            {
                return false;
            }

            if (keep)
            {
                probe.Release();
            }
            else
            {
                probe.Dispose();
            }

            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Releases the lock and deletes the file.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: whoever finds it unheld deletes it.
        }

        _stream.Dispose();
    }

    /// <summary>Releases the lock and keeps the file (a lock file that lives beside a config).</summary>
    public void Release() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeHandle fd, int operation);
}
