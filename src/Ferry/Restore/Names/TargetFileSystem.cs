using Ferry.Names;
using Ferry.Platform.Names;

namespace Ferry.Restore.Names;

/// <summary>
/// What names the file system a restore writes to can hold, found out on that file system rather
/// than guessed from the OS: a USB stick formatted exFAT on Linux ignores case and refuses ':', an
/// NTFS disk mounted on Linux may do neither. Each question is asked once, when a name first needs
/// the answer, by creating a name in a scratch folder beside the target and looking at what the file
/// system made of it; a restore of ordinary names asks nothing. Windows' own rules (reserved
/// characters, device names, trailing dots and spaces) are known there and not tried: creating
/// <c>CON</c> on Windows opens the console.
/// </summary>
internal sealed class TargetFileSystem : IDisposable
{
    /// <summary>Every file system here holds a name of this many bytes; longer ones are tried.</summary>
    public const int SafeNameBytes = 255;

    private readonly Dictionary<char, bool> _characters = [];
    private readonly string _folder;
    private string? _scratch;
    private bool? _ignoresCase;
    private bool? _holdsDeviceNames;
    private bool? _holdsNonUtf8;
    private bool? _countsUtf16;

    private TargetFileSystem(string folder) => _folder = folder;

    /// <summary>The file system a restore into <paramref name="target"/> writes to: the nearest existing folder above it (the staging folder goes beside the target).</summary>
    public static TargetFileSystem For(string target)
    {
        var folder = Path.GetDirectoryName(target) ?? target;
        while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
        {
            folder = parent;
        }

        return new TargetFileSystem(folder);
    }

    /// <summary>Whether <c>a</c> and <c>A</c> name one entry.</summary>
    public bool IgnoresCase => _ignoresCase ??= Probe(scratch =>
    {
        NamedFiles.OpenWrite(Path.Join(scratch, "ferry-probe-case"), createNew: true).Dispose();
        return File.Exists(Path.Join(scratch, "FERRY-PROBE-CASE"));
    });

    /// <summary>Whether a name may hold this character (one of Windows' reserved characters or a control character) as it is.</summary>
    public bool Holds(char c)
    {
        if (!_characters.TryGetValue(c, out var holds))
        {
            _characters[c] = holds = !OperatingSystem.IsWindows() && (c is '.' or ' ' ? CanCreate($"ferry-probe{c}") : CanCreate($"ferry{c}probe"));
        }

        return holds;
    }

    /// <summary>Whether <c>CON</c>, <c>nul.txt</c> and the other Windows device names are ordinary names here.</summary>
    public bool HoldsDeviceNames => _holdsDeviceNames ??= !OperatingSystem.IsWindows() && CanCreate("CON") && CanCreate("nul.txt");

    /// <summary>Whether a name may be any bytes (Linux file systems), or must be Unicode text (Windows, macOS, exFAT, NTFS).</summary>
    public bool HoldsNonUtf8 => _holdsNonUtf8 ??= OperatingSystem.IsLinux() && CanCreate("ferry-probe-\uDCFF");

    /// <summary>Whether a name is too long: at most 255 UTF-16 units (Windows, NTFS, exFAT) or 255 bytes (most Unix file systems).</summary>
    public bool IsTooLong(string name)
    {
        var bytes = EntryName.ByteCount(name);
        if (bytes <= SafeNameBytes)
        {
            return false;
        }

        _countsUtf16 ??= OperatingSystem.IsWindows() || CanCreate(string.Concat(Enumerable.Repeat("\u00E9", SafeNameBytes)));
        return _countsUtf16.Value ? name.Length > SafeNameBytes : bytes > SafeNameBytes;
    }

    /// <summary>
    /// The longest full path the system opens: PATH_MAX on Linux (4096 bytes with the NUL), 1024 on
    /// macOS. On Windows, .NET and Ferry use extended-length (<c>\?\</c>) paths, whatever the
    /// LongPathsEnabled setting, so a path is limited only by the 32,767 units NTFS takes: a deep
    /// folder from Linux restores, and backs up again, instead of refusing the whole restore.
    /// </summary>
    public static int MaxPath => OperatingSystem.IsWindows() ? 32_767 : OperatingSystem.IsLinux() ? 4095 : 1023;

    /// <summary>A path's length as <see cref="MaxPath"/> counts it: UTF-16 units on Windows, bytes elsewhere.</summary>
    public static int PathLength(string path) => OperatingSystem.IsWindows() ? path.Length : EntryName.ByteCount(path);

    public void Dispose()
    {
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Clear(_scratch);
            Directory.Delete(_scratch);
        }
    }

    /// <summary>Creates the name in the scratch folder; true only when it was created and kept exactly as given (Windows would drop a trailing dot and say yes).</summary>
    private bool CanCreate(string name) => Probe(scratch =>
    {
        try
        {
            NamedFiles.OpenWrite(Path.Join(scratch, name), createNew: true).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }

        return NamedFiles.List(scratch).Contains(name, StringComparer.Ordinal);
    });

    private bool Probe(Func<string, bool> probe)
    {
        try
        {
            _scratch ??= Directory.CreateDirectory(Path.Join(_folder, $".ferry-probe-{Guid.NewGuid():N}"[..21])).FullName;
            try
            {
                return probe(_scratch);
            }
            finally
            {
                Clear(_scratch);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RestoreTargetException($"cannot find out which names {_folder} can hold (a scratch folder there could not be written: {e.Message}); nothing was written", e);
        }
    }

    private static void Clear(string scratch)
    {
        foreach (var name in NamedFiles.List(scratch))
        {
            NamedFiles.DeleteFile(Path.Join(scratch, name));
        }
    }
}
