using System.Diagnostics;
using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Maintenance;

namespace Ferry.Tests.Operations;

/// <summary>The backup every front end runs: the snapshot, the maximum number of backups, then maintenance.</summary>
public sealed class BackupWithRetentionTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task A_complete_backup_keeps_the_newest_and_maintenance_then_runs_as_this_device()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 3);
        var after = new AfterBackup { MaxBackups = 1, Maintenance = new MaintenanceOptions() };
        var first = await Backup(repository, source, after).RunAsync(None);
        var stages = new List<string>();

        var second = await new BackupWithRetention(repository, Options(source), after) { StageChanged = stages.Add }.RunAsync(None);

        Assert.Equal([first.SnapshotId], second.RemovedByMaximum.Select(r => r.Id));
        Assert.Equal([second.SnapshotId], (await repository.ListSnapshotsAsync(None)).Select(s => s.Id));
        Assert.Equal(MaintenanceOutcome.Ran, second.Maintenance?.Outcome);
        Assert.Equal(["applying maximum backups", "maintenance"], stages);
    }

    [Fact]
    public async Task A_backup_that_missed_a_file_removes_no_older_snapshot_and_runs_no_maintenance()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 3);
        var after = new AfterBackup { MaxBackups = 1, Maintenance = new MaintenanceOptions() };
        var first = await Backup(repository, source, after).RunAsync(None);
        MakePipe(Path.Combine(source, "pipe"));

        var partial = await Backup(repository, source, after).RunAsync(None);

        Assert.NotEmpty(partial.Problems);
        Assert.Empty(partial.RemovedByMaximum);
        Assert.Null(partial.Maintenance);
        Assert.Equal(2, (await repository.ListSnapshotsAsync(None)).Count);
        Assert.Contains(first.SnapshotId, (await repository.ListSnapshotsAsync(None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Without_a_maximum_maintenance_runs_only_when_asked_to_run_after_any_backup()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 3);

        var manual = await Backup(repository, source, new AfterBackup { Maintenance = new MaintenanceOptions() }).RunAsync(None);
        var scheduled = await Backup(repository, source, new AfterBackup { Maintenance = new MaintenanceOptions(), MaintenanceWithoutMaximum = true }).RunAsync(None);

        Assert.Null(manual.Maintenance);
        Assert.Equal(MaintenanceOutcome.Ran, scheduled.Maintenance?.Outcome);
        Assert.Equal(2, (await repository.ListSnapshotsAsync(None)).Count);
    }

    private static BackupWithRetention Backup(FerryRepository repository, string source, AfterBackup after) => new(repository, Options(source), after);

    private static BackupOptions Options(string source) => new() { Paths = [source], Host = "laptop" };

    private static void MakePipe(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public void Dispose() => _temp.Dispose();
}
