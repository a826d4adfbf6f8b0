using Ferry.Configuration;
using Ferry.Scheduling;

namespace Ferry.Tests.Scheduling;

public sealed class AutoBackupSchedulerTests : IDisposable
{
    private readonly SchedulerHarness _h = new();

    [Fact]
    public async Task First_tick_with_no_history_backs_up_at_once_then_waits_one_interval()
    {
        var (_, scheduler) = _h.Start();

        await scheduler.TickAsync(CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(59));
        await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(1, _h.Runs);
        Assert.Equal(_h.Time.GetUtcNow() - TimeSpan.FromMinutes(59), _h.State.LastSuccess);
        Assert.Equal(_h.Time.GetUtcNow() + TimeSpan.FromMinutes(1), scheduler.NextDue());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(2, _h.Runs);
    }

    [Fact]
    public async Task Off_or_without_a_folder_never_backs_up()
    {
        _h.Save(new SavedSettings { SourceFolder = _h.Sub("source"), AutoBackupMinutes = 0 });
        var (_, scheduler) = _h.Start();

        var wait = await scheduler.TickAsync(CancellationToken.None);
        _h.Save(new SavedSettings { AutoBackupMinutes = 5 });
        await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(0, _h.Runs);
        Assert.Equal(AutoBackupScheduler.MaxWait, wait);
        Assert.Null(scheduler.NextDue());
    }

    [Fact]
    public async Task The_schedule_survives_a_restart_and_an_overdue_backup_runs_at_start()
    {
        var (_, first) = _h.Start();
        await first.TickAsync(CancellationToken.None);

        // The process stops; three hours later a new one starts with the same config file.
        _h.Time.Advance(TimeSpan.FromHours(3));
        var (_, restarted) = _h.Start();
        Assert.True(restarted.NextDue() < _h.Time.GetUtcNow());
        await restarted.TickAsync(CancellationToken.None);

        Assert.Equal(2, _h.Runs);
        Assert.Equal(_h.Time.GetUtcNow(), _h.State.LastSuccess);
    }

    [Fact]
    public async Task A_failure_is_shown_and_retried_with_a_growing_delay_until_a_success_clears_it()
    {
        _h.Script.Enqueue(SchedulerHarness.Fails("bucket 'x' does not exist: create it"));
        _h.Script.Enqueue(SchedulerHarness.Fails("still missing"));
        var (_, scheduler) = _h.Start();

        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal("bucket 'x' does not exist: create it", _h.State.LastError);
        Assert.Equal(1, _h.State.ConsecutiveFailures);
        Assert.Equal(_h.Time.GetUtcNow() + TimeSpan.FromMinutes(1), scheduler.NextDue());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(2, _h.State.ConsecutiveFailures);
        Assert.Equal(_h.Time.GetUtcNow() + TimeSpan.FromMinutes(2), scheduler.NextDue());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(2, _h.Runs);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(3, _h.Runs);
        Assert.Null(_h.State.LastError);
        Assert.Equal(0, _h.State.ConsecutiveFailures);
    }

    [Theory]
    [InlineData(1, 60, 1)]
    [InlineData(3, 60, 4)]
    [InlineData(7, 1440, 60)]
    [InlineData(20, 1440, 60)]
    [InlineData(5, 5, 5)]
    [InlineData(9, 1, 1)]
    public void Backoff_doubles_from_a_minute_and_never_exceeds_the_interval_or_an_hour(int failures, int intervalMinutes, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), AutoBackupScheduler.Backoff(failures, TimeSpan.FromMinutes(intervalMinutes)));

    [Fact]
    public async Task A_backup_already_running_is_not_started_twice()
    {
        var release = new TaskCompletionSource();
        _h.Script.Enqueue(_ => release.Task);
        var (coordinator, scheduler) = _h.Start();

        var manual = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None);
        var again = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None);
        var tick = scheduler.TickAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(tick.IsCompleted);
        release.SetResult();
        await tick;

        Assert.Equal(BackupStartKind.Started, manual.Kind);
        Assert.Equal(BackupStartKind.AlreadyRunning, again.Kind);
        Assert.Same(manual.Run, again.Run);
        Assert.Equal(1, _h.Runs);
        Assert.Null(coordinator.Current);
    }

    [Fact]
    public async Task Maintenance_that_found_damage_is_recorded_with_the_next_step_in_the_hosts_words()
    {
        var damage = new Ferry.Maintenance.MaintenanceReport(Ferry.Maintenance.MaintenanceOutcome.Ran, "laptop", null, new Ferry.Maintenance.CheckResult(1, 2, 2, 100, [new("data/ab/abcd", "does not decrypt")]));
        var coordinator = new BackupCoordinator(_h.Settings(), (_, _) => Task.FromResult(new Ferry.Backup.BackupResult(new string('a', 64), new Ferry.Repository.Snapshots.Snapshot(), null, []) { Maintenance = damage }))
        {
            RemedyWords = r => r == Ferry.Errors.Remedy.CheckRepositoryData ? "check every pack" : null,
        };

        await coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None).Run!.Completion;

        Assert.Equal($"{damage.Summary}; check every pack", _h.State.LastMaintenance);
        Assert.True(_h.State.MaintenanceProblem);
    }

    [Fact]
    public async Task A_backup_held_by_another_process_is_left_to_it()
    {
        // Another open of the lock file stands in for another process: flock locks belong to the open file.
        using var other = BackupLock.TryAcquire(BackupLock.PathFor(_h.ConfigPath));
        var (coordinator, scheduler) = _h.Start();

        var start = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None);
        var wait = await scheduler.TickAsync(CancellationToken.None);

        Assert.NotNull(other);
        Assert.Equal(BackupStartKind.RunningElsewhere, start.Kind);
        Assert.Equal(AutoBackupScheduler.MaxWait, wait);
        Assert.Equal(0, _h.Runs);
    }

    [Fact]
    public async Task Cancel_by_the_user_postpones_by_one_interval_but_a_shutdown_leaves_the_backup_due()
    {
        _h.Script.Enqueue(ct => Task.Delay(Timeout.Infinite, ct));
        _h.Script.Enqueue(ct => Task.Delay(Timeout.Infinite, ct));
        var (coordinator, scheduler) = _h.Start();

        var run = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None).Run!;
        run.Cancel();
        Assert.Equal(Ferry.Scheduling.BackupOutcomeKind.Canceled, (await run.Completion).Kind);
        Assert.Equal(_h.Time.GetUtcNow() + TimeSpan.FromMinutes(60), scheduler.NextDue());

        _h.Time.Advance(TimeSpan.FromMinutes(60));
        using var shutdown = new CancellationTokenSource();
        var tick = scheduler.TickAsync(shutdown.Token);
        await shutdown.CancelAsync();
        await tick;
        Assert.Equal(_h.Time.GetUtcNow(), scheduler.NextDue());
    }

    [Fact]
    public async Task A_state_file_that_cannot_be_written_is_reported_and_neither_blocks_nor_loops_backups()
    {
        // A folder where the state file should be: the write fails even for root.
        Directory.CreateDirectory(ScheduleStateFile.For(_h.ConfigPath).Path);
        var (coordinator, scheduler) = _h.Start();
        var outcomes = new List<BackupOutcome>();
        coordinator.Finished += (_, outcome) => outcomes.Add(outcome);

        var wait = await scheduler.TickAsync(CancellationToken.None);
        var again = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None);
        await again.Run!.Completion;

        Assert.Equal(AutoBackupScheduler.MaxWait, wait);
        Assert.Equal(BackupStartKind.Started, again.Kind);
        Assert.Equal(2, _h.Runs);
        Assert.All(outcomes, o => Assert.Contains("cannot be written", o.Error));
    }

    [Fact]
    public async Task RunAsync_sleeps_on_the_injected_clock_and_backs_up_each_interval()
    {
        _h.Save(new SavedSettings { SourceFolder = _h.Sub("source"), AutoBackupMinutes = 5 });
        var (_, scheduler) = _h.Start();
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        await WaitUntil(() => _h.Runs == 1);
        await WaitUntil(() => _h.Time.GetUtcNow() < scheduler.NextDue());
        var firstDone = _h.Time.GetUtcNow();
        // Minute by minute on the fake clock. The loop may register its sleep a moment after a step
        // (it is a real thread), which moves its wake-up by that step: so step on until it runs,
        // and check that it never ran before the interval had passed.
        for (var minute = 0; minute < 15 && _h.Runs == 1; minute++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        await WaitUntil(() => _h.Runs == 2);
        Assert.True(_h.Time.GetUtcNow() - firstDone >= TimeSpan.FromMinutes(5), "the second backup ran before its interval");
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task The_real_backup_job_backs_up_the_configured_folder_into_the_configured_repository()
    {
        var settings = _h.Settings();
        var coordinator = new BackupCoordinator(settings);

        var run = coordinator.TryStart(BackupTrigger.Manual, CancellationToken.None).Run!;
        var outcome = await run.Completion;

        Assert.True(outcome.Kind == BackupOutcomeKind.Succeeded, outcome.Error);
        var repository = await settings.OpenRepositoryAsync(CancellationToken.None);
        var snapshot = Assert.Single(await repository.ListSnapshotsAsync(CancellationToken.None));
        Assert.Equal([_h.Sub("source")], snapshot.Snapshot.Paths);
        Assert.Equal(snapshot.Id, _h.State.LastSnapshotId);
    }

    public void Dispose() => _h.Dispose();

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached in 5 s");
    }
}
