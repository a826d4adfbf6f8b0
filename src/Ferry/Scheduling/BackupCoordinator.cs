using System.Diagnostics.CodeAnalysis;
using Ferry.Backup;
using Ferry.Configuration;
using Ferry.Errors;

namespace Ferry.Scheduling;

/// <summary>The work of one backup: given the run to report progress to, store a snapshot.</summary>
public delegate Task<BackupResult> BackupWork(RunningBackup run, CancellationToken cancellationToken);

/// <summary>What <see cref="BackupCoordinator.TryStart"/> did.</summary>
public enum BackupStartKind
{
    /// <summary>A new backup started.</summary>
    Started,

    /// <summary>A backup was already running in this process; <see cref="BackupStart.Run"/> is that one.</summary>
    AlreadyRunning,

    /// <summary>Another Ferry process (<c>ferry agent</c>, another <c>ferry ui</c>) is backing up.</summary>
    RunningElsewhere,
}

/// <summary>What asking for a backup led to, and the backup concerned.</summary>
/// <param name="Kind">Whether a backup started, or why not.</param>
/// <param name="Run">The backup that started, or the one already running.</param>
public sealed record BackupStart(BackupStartKind Kind, RunningBackup? Run);

/// <summary>
/// Never two backups at once: one at a time in this process (a lock), and one at a time across
/// processes that share a config file (<see cref="BackupLock"/>). Both the page's "Backup now" and the
/// scheduler start backups here, and every outcome is recorded in the schedule state.
/// </summary>
public sealed class BackupCoordinator
{
    private readonly Lock _gate = new();
    private readonly BackupWork _work;
    private readonly TimeProvider _time;
    private readonly string _lockPath;
    private RunningBackup? _current;

    /// <summary>A coordinator for the settings' backups; <paramref name="work"/> replaces the real backup in tests.</summary>
    public BackupCoordinator(SettingsSource settings, BackupWork? work = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = settings.Time;
        _work = work ?? ((run, ct) => BackupJob.RunAsync(settings, run, ct));
        State = ScheduleStateFile.For(settings.File.Path);
        _lockPath = BackupLock.PathFor(settings.File.Path);
    }

    /// <summary>How the front end that hosts the schedule words a <see cref="Remedy"/> in the recorded error and maintenance summary; none by default.</summary>
    public Func<Remedy, string?> RemedyWords { get; init; } = _ => null;

    /// <summary>The state file the schedule survives restarts with.</summary>
    public ScheduleStateFile State { get; }

    /// <summary>Raised after every backup, with its outcome (the agent logs it).</summary>
    public event Action<BackupTrigger, BackupOutcome>? Finished;

    /// <summary>The backup running in this process, if any.</summary>
    public RunningBackup? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Starts a backup unless one is already running here or in another process.</summary>
    /// <param name="trigger">Who asks.</param>
    /// <param name="shutdown">Cancelled when the process stops; such a cancel is not recorded as an attempt.</param>
    public BackupStart TryStart(BackupTrigger trigger, CancellationToken shutdown)
    {
        lock (_gate)
        {
            if (_current is { } running)
            {
                return new BackupStart(BackupStartKind.AlreadyRunning, running);
            }

            var fileLock = BackupLock.TryAcquire(_lockPath);
            if (fileLock is null)
            {
                return new BackupStart(BackupStartKind.RunningElsewhere, null);
            }

            var run = new RunningBackup(trigger, _time, shutdown);
            _current = run;
            run.Completion = Task.Run(() => RunAsync(run, fileLock), CancellationToken.None);
            return new BackupStart(BackupStartKind.Started, run);
        }
    }

    private async Task<BackupOutcome> RunAsync(RunningBackup run, BackupLock fileLock)
    {
        BackupOutcome outcome;
        try
        {
            using (fileLock)
            {
                outcome = await OutcomeOfAsync(run).ConfigureAwait(false);
                // Recorded while the lock is still held, so processes take turns on the state file too.
                outcome = TryRecord(outcome, run);
            }
        }
        finally
        {
            // Whatever happened, the next backup must be able to start.
            lock (_gate)
            {
                _current = null;
            }

            run.Dispose();
        }

        Finished?.Invoke(run.Trigger, outcome);
        return outcome;
    }

    /// <summary>Records the outcome; a state file that cannot be written turns it into a failure the user sees.</summary>
    private BackupOutcome TryRecord(BackupOutcome outcome, RunningBackup run)
    {
        try
        {
            Record(outcome, run);
            return outcome;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = outcome.Kind == BackupOutcomeKind.Succeeded ? $"backup {outcome.Result!.ShortId} was stored, but" : "";
            return BackupOutcome.Failed($"{what} the schedule state {State.Path} cannot be written ({e.Message}): check that folder's permissions and free space".TrimStart());
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A bug in one backup must be reported and must not stop the schedule.")]
    private async Task<BackupOutcome> OutcomeOfAsync(RunningBackup run)
    {
        try
        {
            return BackupOutcome.Succeeded(await _work(run, run.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            return BackupOutcome.Canceled();
        }
        catch (Exception e) when (UserErrors.Is(e))
        {
            return BackupOutcome.Failed(UserErrors.Describe(e, RemedyWords).ReplaceLineEndings(" "));
        }
        catch (Exception e)
        {
            return BackupOutcome.Failed(UserErrors.Unexpected(e).ReplaceLineEndings(" "));
        }
    }

    private void Record(BackupOutcome outcome, RunningBackup run)
    {
        var now = _time.GetUtcNow();
        var state = State.Load();
        state = outcome.Kind switch
        {
            BackupOutcomeKind.Succeeded => state with
            {
                LastSuccess = now,
                LastAttempt = now,
                LastSnapshotId = outcome.Result!.SnapshotId,
                ConsecutiveFailures = 0,
                LastError = Warning(outcome.Result),
                LastErrorTime = outcome.Result.Problems.Count > 0 ? now : null,
                LastMaintenance = outcome.Result.Maintenance?.Describe(RemedyWords) ?? state.LastMaintenance,
                LastMaintenanceTime = outcome.Result.Maintenance is null ? state.LastMaintenanceTime : now,
                MaintenanceProblem = outcome.Result.Maintenance?.NeedsAttention ?? state.MaintenanceProblem,
            },
            BackupOutcomeKind.Failed => state with
            {
                LastAttempt = now,
                LastError = outcome.Error,
                LastErrorTime = now,
                ConsecutiveFailures = state.ConsecutiveFailures + 1,
            },
            // A cancel by the user postpones the schedule by one interval; a shutdown leaves it due,
            // so the interrupted backup runs at the next start.
            _ when run.CanceledByUser => state with { LastAttempt = now },
            _ => state,
        };
        State.Save(state);
    }

    /// <summary>A backup that stored a snapshot but skipped unreadable files is a success with a warning.</summary>
    private static string? Warning(BackupResult result) => result.Problems.Count switch
    {
        0 => null,
        var n => $"{n} files could not be read and are not in snapshot {result.ShortId} (first: {result.Problems[0].Path}: {result.Problems[0].Message})",
    };
}
