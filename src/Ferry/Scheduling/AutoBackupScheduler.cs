using System.Diagnostics.CodeAnalysis;
using Ferry.Configuration;
using Ferry.Errors;

namespace Ferry.Scheduling;

/// <summary>
/// Automatic backups, for <c>ferry ui</c> and <c>ferry agent</c> alike. Each tick reads the plan (the
/// config file) and the state (the state file), so the schedule survives restarts: a backup that came
/// due while nothing ran starts at once. Failures are retried with a growing delay.
/// </summary>
public sealed class AutoBackupScheduler : IDisposable
{
    /// <summary>How long a tick may sleep: a plan changed by another process is picked up this soon.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly BackupCoordinator _coordinator;
    private readonly SettingsSource _settings;
    private readonly TimeProvider _time;
    private CancellationTokenSource _wake = new();

    /// <summary>A scheduler that starts backups through <paramref name="coordinator"/> as the settings say.</summary>
    public AutoBackupScheduler(BackupCoordinator coordinator, SettingsSource settings)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(settings);
        _coordinator = coordinator;
        _settings = settings;
        _time = settings.Time;
    }

    /// <summary>Raised with a line for a log: a problem reading the settings.</summary>
    public event Action<string>? Problem;

    /// <summary>
    /// When the next automatic backup is due: null when off; now or earlier when overdue. After a
    /// failure: 1, 2, 4 … minutes after it, never later than a normal interval or an hour.
    /// </summary>
    public static DateTimeOffset? NextDue(AutoBackupPlan plan, ScheduleState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        if (!plan.Enabled)
        {
            return null;
        }

        if (state.ConsecutiveFailures > 0 && state.LastAttempt is { } failedAt)
        {
            return failedAt + Backoff(state.ConsecutiveFailures, plan.Interval);
        }

        var last = Latest(state.LastSuccess, state.LastAttempt);
        return last is null ? now : last.Value + plan.Interval;
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: 1, 2, 4 … minutes, never longer than the interval or an hour.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan interval)
    {
        var cap = interval < MaxBackoff ? interval : MaxBackoff;
        var minutes = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var delay = TimeSpan.FromMinutes(minutes);
        return delay < cap ? delay : cap;
    }

    /// <summary>The next due time for what the files say now (for a status display).</summary>
    public DateTimeOffset? NextDue()
    {
        try
        {
            return NextDue(AutoBackupPlan.From(_settings.Load()), _coordinator.State.Load(), _time.GetUtcNow());
        }
        catch (FerryException)
        {
            return null;
        }
    }

    /// <summary>Re-reads the plan now (the page saved new settings).</summary>
    public void Wake()
    {
        var old = Interlocked.Exchange(ref _wake, new CancellationTokenSource());
        // Not disposed: RunAsync may be reading its token right now; a CTS without a timer holds nothing.
        old.Cancel();
    }

    /// <inheritdoc/>
    public void Dispose() => _wake.Dispose();

    /// <summary>Runs the schedule until <paramref name="cancellationToken"/> is cancelled, then returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = await TickAsync(cancellationToken).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Volatile.Read(ref _wake).Token);
            try
            {
                await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Woken early (look at the plan again) or stopping (the loop ends).
            }
        }
    }

    /// <summary>
    /// One decision: when a backup is due, run it (or wait for the one already running here) and
    /// return at once; otherwise return how long to sleep before looking again.
    /// </summary>
    public async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        if (ReadPlan() is not { } plan)
        {
            return MaxWait;
        }

        var now = _time.GetUtcNow();
        var due = NextDue(plan, _coordinator.State.Load(), now);
        if (due is null)
        {
            return MaxWait;
        }

        if (due > now)
        {
            var wait = due.Value - now;
            return wait < MaxWait ? wait : MaxWait;
        }

        var start = _coordinator.TryStart(BackupTrigger.Scheduled, cancellationToken);
        if (start.Run is null)
        {
            // Another process is backing up; its outcome lands in the shared state file.
            return MaxWait;
        }

        // After a success, look again at once (the state file now says when the next one is due).
        // After anything else, wait: if even the state file could not be written, this is what keeps
        // the schedule from starting backup after backup.
        var outcome = await start.Run.Completion.ConfigureAwait(false);
        return outcome.Kind == BackupOutcomeKind.Succeeded ? TimeSpan.Zero : MaxWait;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A broken config file is reported each tick; the schedule keeps running so fixing the file is enough.")]
    private AutoBackupPlan? ReadPlan()
    {
        try
        {
            return AutoBackupPlan.From(_settings.Load());
        }
        catch (Exception e)
        {
            Problem?.Invoke(e.Message);
            return null;
        }
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);
}
