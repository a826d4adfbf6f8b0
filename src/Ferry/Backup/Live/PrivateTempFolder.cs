namespace Ferry.Backup.Live;

/// <summary>
/// A folder only this user can read (mode 0700 on Unix), made on first use under the system temp
/// folder and deleted with everything in it on dispose. Copies of databases go here, never beside
/// the source.
/// </summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private readonly Lock _gate = new();
    private string? _path;

    public string NewFile(string extension)
    {
        lock (_gate)
        {
            _path ??= Directory.CreateTempSubdirectory("ferry-live-").FullName;
            return Path.Combine(_path, $"{Guid.NewGuid():N}{extension}");
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
