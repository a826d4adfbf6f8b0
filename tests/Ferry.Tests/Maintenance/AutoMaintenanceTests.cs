using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Repository;
using Ferry.Repository.Locks;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Maintenance;

/// <summary>Automatic maintenance over the in-memory store: when it prunes, who runs it, and what it leaves.</summary>
public sealed class AutoMaintenanceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task Unused_data_below_the_threshold_stays_and_above_it_is_removed_leaving_every_snapshot_whole()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 24, seed: 1);
        await BackupAsync(repository, source, "laptop");
        AppFolder.Edit(source, round: 1, edits: 1);
        var small = await BackupAsync(repository, source, "laptop");
        await repository.DeleteSnapshotAsync(small, None);

        var below = await new AutoMaintenance(repository, new MaintenanceOptions()).RunAsync("laptop", None);

        Assert.Equal(MaintenanceOutcome.Ran, below.Outcome);
        Assert.True(below.Prune!.BelowThreshold, below.Summary);
        Assert.False(below.Pruned);
        Assert.Contains("below the", below.Summary);

        AppFolder.Replace(source, seed: 9);
        var big = await BackupAsync(repository, source, "laptop");
        var before = await PackBytesAsync();
        await repository.DeleteSnapshotAsync(big, None);

        var above = await new AutoMaintenance(repository, new MaintenanceOptions()).RunAsync("laptop", None);

        Assert.True(above.Pruned, above.Summary);
        Assert.Equal(before - above.Prune!.BytesReclaimed, await PackBytesAsync());
        var usage = await StorageUsage.MeasureAsync(repository, new UnusedThreshold(), None);
        Assert.True(usage.ReclaimableBytes <= new UnusedThreshold().LeaveAtMost(usage.PackBytes), $"{usage.ReclaimableBytes} unused left of {usage.PackBytes}");
        Assert.True((await new Checker(repository, new CheckOptions { ReadDataPercent = 100 }).RunAsync(None)).Ok);
        Assert.Equal("laptop", (await MaintenanceRecord.LoadAsync(repository, None))!.Owner);
    }

    [Fact]
    public async Task With_two_backups_kept_the_repository_stays_within_fifteen_percent_of_one_fresh_backup_over_fifty_rounds()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 32, seed: 2);
        var worst = 0.0;
        for (var round = 1; round <= 50; round++)
        {
            AppFolder.Edit(source, round, edits: 5);
            var result = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "laptop" }).RunAsync(None);
            await MaxBackups.ApplyAsync(repository, "laptop", result.Snapshot.Paths, 2, None);
            await new AutoMaintenance(repository, new MaintenanceOptions { VerifyPercent = 0 }).RunAsync("laptop", None);
            worst = Math.Max(worst, (double)await RepositoryBytesAsync(_store) / await FreshBackupBytesAsync(source));
        }

        Assert.True(worst <= 1.15, $"the repository reached {worst:0.000}× one fresh backup");
        Assert.Equal(2, (await repository.ListSnapshotsAsync(None)).Count);
    }

    [Fact]
    public async Task Another_device_leaves_it_to_the_owner_until_the_owner_is_silent_for_a_week()
    {
        var laptop = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        await new AutoMaintenance(laptop, new MaintenanceOptions()).RunAsync("laptop", None);
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(8));
        var desktop = await FerryRepository.OpenAsync(_store, "test password", later, None);

        var now = await new AutoMaintenance(await FerryRepository.OpenAsync(_store, "test password", TimeProvider.System, None), new MaintenanceOptions()).RunAsync("desktop", None);
        var weekLater = await new AutoMaintenance(desktop, new MaintenanceOptions()).RunAsync("desktop", None);

        Assert.Equal(MaintenanceOutcome.LeftToOwner, now.Outcome);
        Assert.Contains("device laptop", now.Summary);
        Assert.Equal(MaintenanceOutcome.Ran, weekLater.Outcome);
        Assert.Equal("desktop", (await MaintenanceRecord.LoadAsync(desktop, None))!.Owner);
    }

    [Fact]
    public async Task A_running_backup_elsewhere_makes_it_wait_and_give_up_without_deleting_anything()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 3);
        await repository.DeleteSnapshotAsync(await BackupAsync(repository, source, "laptop"), None);
        var before = await PackBytesAsync();
        await using var backup = await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None);

        var report = await new AutoMaintenance(repository, new MaintenanceOptions { LockWait = TimeSpan.FromSeconds(1) }).RunAsync("laptop", None);

        Assert.Equal(MaintenanceOutcome.Busy, report.Outcome);
        Assert.Equal(before, await PackBytesAsync());
        Assert.Null(await MaintenanceRecord.LoadAsync(repository, None));
    }

    [Fact]
    public async Task A_share_of_the_packs_is_verified_once_a_day_and_damage_is_reported()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", time, None);
        await BackupAsync(repository, AppFolder.Write(_temp.Sub("App"), files: 8, seed: 4), "laptop");
        var options = new MaintenanceOptions { VerifyPercent = 100 };

        var first = await new AutoMaintenance(repository, options).RunAsync("laptop", None);
        var sameDay = await new AutoMaintenance(repository, options).RunAsync("laptop", None);
        var pack = (await ListAsync("data/")).MaxBy(o => o.Size)!;
        _store.Tamper(pack.Key, bytes => { bytes[10] ^= 1; return bytes; });
        time.Advance(TimeSpan.FromHours(25));
        var nextDay = await new AutoMaintenance(await FerryRepository.OpenAsync(_store, "test password", time, None), options).RunAsync("laptop", None);

        Assert.True(first.Verify!.Ok && first.Verify.PacksRead > 0, first.Summary);
        Assert.Contains("all good", first.Summary);
        Assert.Null(sameDay.Verify);
        Assert.True(nextDay.VerifyFoundProblems, nextDay.Summary);
        Assert.Contains(pack.Key, nextDay.Summary);
        Assert.Equal(Ferry.Errors.Remedy.CheckRepositoryData, nextDay.Remedy);
        Assert.Equal($"{nextDay.Summary}; read every pack", nextDay.Describe(r => r == Ferry.Errors.Remedy.CheckRepositoryData ? "read every pack" : null));
        Assert.Equal(1, (await MaintenanceRecord.LoadAsync(repository, None))!.LastVerify!.Problems);
    }

    [Fact]
    public async Task Storage_shows_each_device_what_they_share_and_what_a_delete_frees()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var shared = AppFolder.Write(_temp.Sub("Laptop"), files: 6, seed: 5);
        var desktopFolder = _temp.Sub("Desktop");
        CopyFolder(shared, desktopFolder);
        AppFolder.Write(Path.Combine(desktopFolder, "own"), files: 3, seed: 6);
        await BackupAsync(repository, shared, "laptop");
        var desktopSnapshot = await BackupAsync(repository, desktopFolder, "desktop");
        await _store.PutAsync("cherry-studio.20250101.zip", new byte[1234], None);

        var usage = await StorageUsage.MeasureAsync(repository, new UnusedThreshold(), None);
        var doomed = await repository.FindSnapshotAsync(desktopSnapshot, null, None);
        var freed = await StorageUsage.FreedByDeletingAsync(repository, [doomed], None);

        var laptop = usage.Devices.Single(d => d.Host == "laptop");
        var desktop = usage.Devices.Single(d => d.Host == "desktop");
        Assert.Equal(1234, usage.OtherBytes);
        Assert.Equal(0, usage.ReclaimableBytes);
        Assert.True(usage.SharedBytes > 5 * AppFolder.FileSize, $"shared {usage.SharedBytes}");
        Assert.Equal(laptop.Bytes - laptop.OnlyThisDevice, usage.SharedBytes);
        Assert.Equal(desktop.Bytes - desktop.OnlyThisDevice, usage.SharedBytes);
        Assert.InRange(desktop.OnlyThisDevice, 3 * AppFolder.FileSize, 3 * AppFolder.FileSize + (64 * 1024));
        Assert.Equal(desktop.OnlyThisDevice, freed);
        await repository.DeleteSnapshotAsync(doomed.Id, None);
        var after = await StorageUsage.MeasureAsync(repository, new UnusedThreshold(), None);
        Assert.InRange(after.ReclaimableBytes, freed, freed + (64 * 1024));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<string> BackupAsync(FerryRepository repository, string source, string host) =>
        (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = host }).RunAsync(None)).SnapshotId;

    private static async Task<long> FreshBackupBytesAsync(string source)
    {
        var fresh = new MemoryObjectStore();
        var repository = await FerryRepository.InitAsync(fresh, "test password", "laptop", TimeProvider.System, None);
        await BackupAsync(repository, source, "laptop");
        return await RepositoryBytesAsync(fresh);
    }

    private static async Task<long> RepositoryBytesAsync(MemoryObjectStore store)
    {
        long bytes = 0;
        await foreach (var o in store.ListAsync("", None))
        {
            bytes += o.Size;
        }

        return bytes;
    }

    private async Task<long> PackBytesAsync() => (await ListAsync("data/")).Sum(o => o.Size);

    private async Task<List<ObjectInfo>> ListAsync(string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var o in _store.ListAsync(prefix, None))
        {
            list.Add(o);
        }

        return list;
    }

    public void Dispose() => _temp.Dispose();
}
