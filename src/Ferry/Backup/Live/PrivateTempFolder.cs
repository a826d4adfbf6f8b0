using Ferry.LocalFiles;

namespace Ferry.Backup.Live;

/// <summary>
/// A folder only this user can read (mode 0700 on Unix), made on first use under the system temp
/// folder and deleted with everything in it on dispose. Copies of databases go here, never beside
/// the source, each created 0600. A marker file inside is held with an OS lock while the folder is in
/// use (<see cref="HeldFile"/>), so folders left by a process that was killed are found and deleted by
/// the next one, and a live one's never is, whatever process ids its PID namespace or container uses.
/// </summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private const string Prefix = "ferry-live-";
    private const string MarkerName = ".in-use";

    /// <summary>Folders of versions that had no marker are removed once this old.</summary>
    private static readonly TimeSpan UnmarkedAfter = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private string? _path;
    private HeldFile? _marker;

    /// <summary>A new, empty file only this user can read, for a copy to be written into.</summary>
    public string NewFile(string extension)
    {
        lock (_gate)
        {
            if (_path is null)
            {
                _path = Directory.CreateTempSubdirectory(Prefix).FullName;
                _marker = HeldFile.TryHold(Path.Combine(_path, MarkerName));
                DeleteAbandoned(_path);
            }

            var file = Path.Combine(_path, $"{Guid.NewGuid():N}{extension}");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            new FileStream(file, options).Dispose();
            return file;
        }
    }

    /// <summary>Deletes the folders whose marker nobody holds: their process has died. "Now" is the file system's, from <paramref name="own"/>.</summary>
    private static void DeleteAbandoned(string own)
    {
        var now = Directory.GetLastWriteTimeUtc(own);
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*").Where(f => f != own))
        {
            var marker = Path.Combine(folder, MarkerName);
            var abandoned = new DirectoryInfo(folder).LinkTarget is null
                && (File.Exists(marker) ? HeldFile.IsAbandoned(marker) : now - Directory.GetLastWriteTimeUtc(folder) > UnmarkedAfter);
            if (!abandoned)
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or being deleted by another backup: not ours to insist on.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _marker?.Dispose();
            _marker = null;
            if (_path is not null && Directory.Exists(_path))
            {
                Directory.Delete(_path, recursive: true);
            }

            _path = null;
        }
    }
}
