using Ferry.LocalFiles;

namespace Ferry.Scheduling;

/// <summary>
/// The cross-process half of "never two backups at once": an exclusive OS lock on a file next to
/// the config file (<see cref="HeldFile"/>, mode 0600), held for the whole backup. The OS drops it
/// when the process dies, so a crash never leaves a stale lock behind.
/// </summary>
internal sealed class BackupLock : IDisposable
{
    private readonly HeldFile _file;

    private BackupLock(HeldFile file)
    {
        _file = file;
    }

    public static string PathFor(string configPath) => Path.ChangeExtension(configPath, null) + ".backup.lock";

    /// <summary>The lock, or null when another process (or another open in this one) holds it.</summary>
    public static BackupLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return HeldFile.TryHold(path) is { } file ? new BackupLock(file) : null;
    }

    // The file stays: it is the meeting point of every process that shares this config.
    public void Dispose() => _file.Release();
}
