namespace Ferry.Backup;

/// <summary>A moment's view of a running backup, for progress bars.</summary>
public readonly record struct BackupProgress(
    long FilesDone,
    long BytesDone,
    long FilesTotal,
    long BytesTotal,
    bool TotalsKnown,
    long BytesUploaded,
    string? CurrentPath);

/// <summary>Counters the backup threads bump and the UI reads; lock-free.</summary>
internal sealed class BackupCounters
{
    private long _filesDone;
    private long _bytesDone;
    private long _filesTotal;
    private long _bytesTotal;
    private int _totalsKnown;
    private string? _currentPath;

    public void FileDone(long bytes)
    {
        Interlocked.Increment(ref _filesDone);
        Interlocked.Add(ref _bytesDone, bytes);
    }

    public void BytesRead(long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    public void FileFinished() => Interlocked.Increment(ref _filesDone);

    public void Current(string path) => Volatile.Write(ref _currentPath, path);

    public void Scanned(long files, long bytes)
    {
        Interlocked.Add(ref _filesTotal, files);
        Interlocked.Add(ref _bytesTotal, bytes);
    }

    public void ScanComplete() => Volatile.Write(ref _totalsKnown, 1);

    public BackupProgress Read(long uploaded) => new(
        Interlocked.Read(ref _filesDone),
        Interlocked.Read(ref _bytesDone),
        Interlocked.Read(ref _filesTotal),
        Interlocked.Read(ref _bytesTotal),
        Volatile.Read(ref _totalsKnown) == 1,
        uploaded,
        Volatile.Read(ref _currentPath));
}
