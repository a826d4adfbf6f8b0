namespace Ferry.Backup.Live;

/// <summary>
/// A folder only this user can read (mode 0700 on Unix), made on first use under the system temp
/// folder and deleted with everything in it on dispose. Copies of databases go here, never beside
/// the source. Its name carries the process id, so folders left by a process that was killed are
/// found and deleted by the next one instead of piling up copies of the user's databases.
/// </summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private const string Prefix = "ferry-live-";
    private readonly Lock _gate = new();
    private string? _path;

    public string NewFile(string extension)
    {
        lock (_gate)
        {
            if (_path is null)
            {
                DeleteAbandoned();
                _path = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
            }

            return Path.Combine(_path, $"{Guid.NewGuid():N}{extension}");
        }
    }

    /// <summary>Deletes the folders of processes that no longer run (a live one's pid may have been reused: it is left alone).</summary>
    private static void DeleteAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pid = Path.GetFileName(folder)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, System.Globalization.CultureInfo.InvariantCulture, out var id) && id != Environment.ProcessId && !Platform.ProcessStatus.IsRunning(id))
            {
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
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_path is not null && Directory.Exists(_path))
            {
                Directory.Delete(_path, recursive: true);
            }

            _path = null;
        }
    }
}
