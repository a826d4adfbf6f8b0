using Ferry.Backup;

namespace Ferry.Scheduling;

/// <summary>Who asked for a backup.</summary>
public enum BackupTrigger
{
    /// <summary>Backup now, from the page.</summary>
    Manual,
    /// <summary>The automatic schedule.</summary>
    Scheduled,
}

/// <summary>
/// The one backup running in this process: what a progress bar polls and what Cancel stops.
/// Made by <see cref="BackupCoordinator.TryStart"/>.
/// </summary>
public sealed class RunningBackup : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly TimeProvider _time;
    private readonly long _startedTimestamp;
    private BackupRunner? _runner;
    private string _stage = "starting";
    private int _userCanceled;

    internal RunningBackup(BackupTrigger trigger, TimeProvider time, CancellationToken shutdown)
    {
        Trigger = trigger;
        _time = time;
        Started = time.GetUtcNow();
        _startedTimestamp = time.GetTimestamp();
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    /// <summary>Whether a person or the schedule started it.</summary>
    public BackupTrigger Trigger { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How long it has run.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_startedTimestamp);

    /// <summary>What the backup is doing now, in a few words ("opening the repository", "backing up").</summary>
    public string Stage => Volatile.Read(ref _stage);

    /// <summary>The engine's counters; zero until the files are being read.</summary>
    public BackupProgress Progress => Volatile.Read(ref _runner)?.Progress ?? default;

    /// <summary>True once someone pressed Cancel (as opposed to the process shutting down).</summary>
    public bool CanceledByUser => Volatile.Read(ref _userCanceled) == 1;

    /// <summary>Ends with the outcome; never throws.</summary>
    public Task<BackupOutcome> Completion { get; internal set; } = Task.FromResult(BackupOutcome.Canceled());

    internal CancellationToken Token => _cancel.Token;

    /// <summary>Stops the backup; nothing half-done becomes visible (the snapshot is written last).</summary>
    public void Cancel()
    {
        Interlocked.Exchange(ref _userCanceled, 1);
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended between the caller finding it and pressing Cancel: nothing left to stop.
        }
    }

    /// <summary>Called by the work once the runner exists, so progress can be polled.</summary>
    public void Attach(BackupRunner runner) => Volatile.Write(ref _runner, runner);

    /// <summary>Says what the backup is doing now, for the page.</summary>
    public void SetStage(string stage) => Volatile.Write(ref _stage, stage);

    /// <inheritdoc/>
    public void Dispose() => _cancel.Dispose();
}

/// <summary>How a backup ended.</summary>
public enum BackupOutcomeKind
{
    /// <summary>A snapshot was stored.</summary>
    Succeeded,
    /// <summary>It stopped with an error.</summary>
    Failed,
    /// <summary>It was canceled; nothing half-done is visible.</summary>
    Canceled,
}

/// <summary>How a backup ended, with the snapshot it stored or the one-line error.</summary>
public sealed record BackupOutcome(BackupOutcomeKind Kind, BackupResult? Result, string? Error)
{
    /// <summary>A backup that stored <paramref name="result"/>.</summary>
    public static BackupOutcome Succeeded(BackupResult result) => new(BackupOutcomeKind.Succeeded, result, null);

    /// <summary>A backup that stopped with <paramref name="error"/>.</summary>
    public static BackupOutcome Failed(string error) => new(BackupOutcomeKind.Failed, null, error);

    /// <summary>A canceled backup.</summary>
    public static BackupOutcome Canceled() => new(BackupOutcomeKind.Canceled, null, null);
}
