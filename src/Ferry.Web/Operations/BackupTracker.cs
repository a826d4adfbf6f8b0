using Ferry.Scheduling;

namespace Ferry.Web.Operations;

/// <summary>
/// Counts finished backups and keeps the last outcome, so a page that pressed "Backup now" can tell
/// its own backup's end from an earlier one, however fast it was.
/// </summary>
internal sealed class BackupTracker
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private int _count;
    private BackupOutcome? _last;
    private DateTimeOffset? _at;

    public BackupTracker(BackupCoordinator backups, TimeProvider time)
    {
        _time = time;
        backups.Finished += (_, outcome) =>
        {
            lock (_gate)
            {
                _count++;
                _last = outcome;
                _at = _time.GetUtcNow();
            }
        };
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public (int Count, BackupOutcome? Last, DateTimeOffset? At) Read()
    {
        lock (_gate)
        {
            return (_count, _last, _at);
        }
    }
}
