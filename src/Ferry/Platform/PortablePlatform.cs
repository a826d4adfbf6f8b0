using System.Text;
using Ferry.Platform.Exchange;
using Ferry.Repository.Trees;

namespace Ferry.Platform;

/// <summary>
/// The platform layer on plain .NET APIs: what every OS does where it has no native code of its own.
/// <see cref="Linux.LinuxPlatform"/>, <see cref="MacOS.MacPlatform"/> and <see cref="Windows.WindowsPlatform"/>
/// override what they do natively; <see cref="OsPlatform.Current"/> picks one per process.
/// </summary>
internal class PortablePlatform
{
    private const int WindowsPrivilegeNotHeld = unchecked((int)0x80070522);
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const int UserWriteBit = 0x80;

    private readonly JournaledExchange _exchange;

    public PortablePlatform()
        : this(new JournaledExchange())
    {
    }

    protected PortablePlatform(JournaledExchange exchange)
    {
        _exchange = exchange;
    }

    /// <summary>The implementation's name (native ones name their OS).</summary>
    public virtual string Name => "portable";

    /// <summary>Size, mtime, mode or attributes of <paramref name="path"/>, never following a link. No file id: .NET gives none.</summary>
    public virtual FileStatus Status(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            // .NET finds nothing past the system's path limit; say why, as the native layers do.
            throw TooLong(path) ? new PathTooLongException($"'{path}': File name too long ({Encoding.UTF8.GetByteCount(path)} bytes, more than this system opens)")
                : new FileNotFoundException($"'{path}' does not exist", path);
        }

        FileSystemInfo entry = info.Attributes.HasFlag(FileAttributes.Directory) ? new DirectoryInfo(path) : info;
        var kind = entry.LinkTarget is not null ? EntryKind.Symlink
            : entry is DirectoryInfo ? EntryKind.Directory
            : info.Length == 0 && IsSpecialOnUnix(path) ? EntryKind.Other
            : EntryKind.File;
        var mode = OperatingSystem.IsWindows() ? 0 : (int)entry.UnixFileMode;
        var attributes = OperatingSystem.IsWindows() ? (int)(entry.Attributes & FileStatus.KeptAttributes) : 0;
        var mtime = (entry.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new FileStatus(kind, kind == EntryKind.File ? info.Length : 0, mtime, mode, 0, attributes);
    }

    /// <summary>
    /// A folder's entries, each with its status read in the same pass where the system lists them
    /// together (Windows: <see cref="Windows.WindowsFolderEntries"/>; an entry it cannot vouch for has
    /// none and needs a <see cref="Status"/> of its own); null where every entry needs one, as here.
    /// </summary>
    public virtual List<(string Name, FileStatus? Status)>? ListWithStatus(string folder) => null;

    /// <summary>
    /// .NET shows a FIFO, socket or device as a file, and opening a FIFO nobody writes never returns.
    /// They exist only on Unix, where the system's own stat tells them apart; elsewhere nothing is special.
    /// .NET gives them a length of 0, so only empty-looking entries pay for the second look.
    /// </summary>
    private static bool IsSpecialOnUnix(string path) =>
        OperatingSystem.IsLinux() ? Linux.LinuxStat.Of(path).Kind == EntryKind.Other
        : OperatingSystem.IsMacOS() && MacOS.DarwinStat.Of(path).Kind == EntryKind.Other;

    /// <summary>Past PATH_MAX (4,096 bytes with the NUL on Linux, 1,024 on macOS); Windows takes extended-length paths.</summary>
    private static bool TooLong(string path) =>
        !OperatingSystem.IsWindows() && Encoding.UTF8.GetByteCount(path) >= (OperatingSystem.IsLinux() ? 4096 : 1024);

    /// <summary>
    /// Swaps two paths on one file system: afterwards <paramref name="a"/> holds what <paramref name="b"/>
    /// held, and the reverse. Here a journaled pair of renames, which the next run completes or rolls
    /// back if this process dies between them (<see cref="JournaledExchange"/>).
    /// </summary>
    public virtual void Exchange(string a, string b, ExchangeSpace space) => _exchange.Swap(a, b, space);

    /// <summary>
    /// After a native exchange failed with <paramref name="errno"/>: the journaled pair when the file
    /// system lacks the call (<paramref name="unsupported"/>), an error otherwise.
    /// </summary>
    protected void ExchangeWithoutNativeSupport(string a, string b, ExchangeSpace space, int errno, params int[] unsupported)
    {
        if (!unsupported.Contains(errno))
        {
            throw new IOException($"cannot swap {a} and {b}: {new System.ComponentModel.Win32Exception(errno).Message}", errno);
        }

        _exchange.Swap(a, b, space);
    }

    /// <summary>Why a lock file looks held by a running app (a byte-range lock, as LevelDB takes), or null.</summary>
    public virtual string? LockHolder(string path)
    {
        if (OperatingSystem.IsMacOS())
        {
            return null; // .NET cannot test byte-range locks on macOS; SingletonLock and the process list tell
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Lock(0, 1);
            stream.Unlock(0, 1);
            return null;
        }
        catch (IOException)
        {
            return "is locked by another process";
        }
        catch (UnauthorizedAccessException)
        {
            return null; // cannot tell: the process check may still
        }
    }

    /// <summary>
    /// Puts a restored entry's metadata back: Unix permission bits where the OS has them, the kept
    /// Windows attributes on Windows, then the modification time. Across OSes a read-only file stays
    /// read-only: Windows' read-only attribute clears the write bits on Unix, and a Unix file without
    /// its owner's write bit becomes read-only on Windows.
    /// </summary>
    public virtual void ApplyMetadata(string path, TreeNode node, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!OperatingSystem.IsWindows())
        {
            if (node.Mode != 0)
            {
                File.SetUnixFileMode(path, (UnixFileMode)(node.Mode & 0xFFF));
            }
            else if (!isDirectory && ((node.Attributes ?? 0) & (int)FileAttributes.ReadOnly) != 0)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~AnyWrite);
            }
        }

        if (node.MTimeNs != 0)
        {
            var time = DateTime.UnixEpoch.AddTicks(node.MTimeNs / 100);
            if (isDirectory)
            {
                Directory.SetLastWriteTimeUtc(path, time);
            }
            else
            {
                File.SetLastWriteTimeUtc(path, time);
            }
        }

        if (OperatingSystem.IsWindows())
        {
            // After the time: a read-only file's time can still be set, but this order needs no such rule.
            var kept = node.Attributes
                ?? (!isDirectory && node.Mode != 0 && (node.Mode & UserWriteBit) == 0 ? (int)FileAttributes.ReadOnly : 0);
            var current = File.GetAttributes(path);
            var wanted = (current & ~FileStatus.KeptAttributes) | ((FileAttributes)kept & FileStatus.KeptAttributes);
            if (wanted != current)
            {
                File.SetAttributes(path, wanted);
            }
        }
    }

    /// <summary>
    /// Makes a symlink as the snapshot recorded it; returns why it could not be made (Windows allows
    /// them only to administrators or with Developer Mode on), or null when it exists now.
    /// </summary>
    public virtual string? CreateSymlink(string path, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows links name folders with '\' and must say whether they point to a folder.
                var windowsTarget = target.Replace('/', '\\');
                if (Directory.Exists(Path.Combine(Path.GetDirectoryName(path)!, windowsTarget)))
                {
                    Directory.CreateSymbolicLink(path, windowsTarget);
                }
                else
                {
                    File.CreateSymbolicLink(path, windowsTarget);
                }
            }
            else
            {
                File.CreateSymbolicLink(path, target);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.HResult == WindowsPrivilegeNotHeld
                ? "Windows lets only administrators create symbolic links, or everyone once Developer Mode is on"
                : e.Message;
        }

        // Some systems (Wine among them) report a link made that is not there: only one that exists counts.
        return new FileInfo(path).LinkTarget is null ? "this file system did not create the symbolic link" : null;
    }
}
