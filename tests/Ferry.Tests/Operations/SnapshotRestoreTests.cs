using Ferry.Apps;
using Ferry.Backup;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Maintenance;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Operations;

/// <summary>A restore as every front end runs it: the running-app rule before anything is asked or written, then the snapshot.</summary>
public sealed class SnapshotRestoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly WatchingStore _store = new(new MemoryObjectStore());

    [Fact]
    public async Task An_app_running_in_the_target_refuses_the_restore_before_any_request_and_leaves_the_folder_alone()
    {
        var (repository, _) = await BackedUpAsync();
        var target = FolderOfRunningApp();
        var before = TreeAssert.Describe(target);
        _store.Requests.Clear();

        var refused = await Assert.ThrowsAsync<AppInUseException>(() => SnapshotRestore.PrepareAsync(repository, Request(target, restoreAnyway: false), None));

        Assert.Contains("SingletonLock names process", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_store.Requests);
        TreeAssert.Identical(before, target);
    }

    [Fact]
    public async Task Going_ahead_despite_a_running_app_restores_and_says_what_was_seen()
    {
        var (repository, source) = await BackedUpAsync();
        var target = FolderOfRunningApp();

        var restore = await SnapshotRestore.PrepareAsync(repository, Request(target, restoreAnyway: true), None);
        var result = await restore.RunAsync(None);

        Assert.Contains("SingletonLock names process", restore.AppRunning?.Situation, StringComparison.Ordinal);
        Assert.True(result.Applied);
        Assert.NotNull(result.SafetySnapshotId);
        TreeAssert.Identical(source, target);
    }

    [Fact]
    public async Task Latest_of_a_device_is_that_devices_newest_snapshot_not_the_newest_of_all()
    {
        var (repository, source) = await BackedUpAsync();
        var laptop = (await repository.ListSnapshotsAsync(None)).Single();
        AppFolder.Replace(source, seed: 9);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "desktop" }).RunAsync(None);
        var request = Request(_temp.Sub("restored"), restoreAnyway: false) with { Snapshot = "latest", Host = "laptop" };

        var restore = await SnapshotRestore.PrepareAsync(repository, request, None);

        Assert.Equal(laptop.Id, restore.Snapshot.Id);
        Assert.Null(restore.AppRunning);
    }

    private async Task<(FerryRepository Repository, string Source)> BackedUpAsync()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 6, seed: 3);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "laptop" }).RunAsync(None);
        return (repository, source);
    }

    /// <summary>A folder whose SingletonLock names this very process, as a running Chromium-based app leaves it.</summary>
    private string FolderOfRunningApp()
    {
        var folder = Directory.CreateDirectory(_temp.Sub("Running")).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "what the app holds now");
        File.CreateSymbolicLink(Path.Combine(folder, "SingletonLock"), $"{Environment.MachineName}-{Environment.ProcessId}");
        return folder;
    }

    private SnapshotRestoreRequest Request(string target, bool restoreAnyway) => new()
    {
        Snapshot = "latest",
        Options = new RestoreOptions { Target = target, Replace = true, Host = "laptop" },
        RunningApp = new RunningAppPolicy(Path.Combine(_temp.Path, "config.toml"), new Dictionary<string, string>(), restoreAnyway),
    };

    public void Dispose() => _temp.Dispose();
}
