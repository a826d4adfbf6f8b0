using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Repository;
using Ferry.Repository.Locks;
using Ferry.Repository.Snapshots;
using Ferry.Restore;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Maintenance;

public sealed class PruneCheckTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task Prune_removes_what_deleted_snapshots_alone_needed_and_every_kept_snapshot_still_restores()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var keptSnapshot = await BackupAsync(repository, source);
        var keptContent = TreeAssert.Describe(source);
        WriteNoise(Path.Combine(source, "big-attachment.bin"), 6 * 1024 * 1024);
        var doomed = await BackupAsync(repository, source);
        var before = await StoredBytesAsync();

        await repository.DeleteSnapshotAsync(doomed, None);
        var result = await new Pruner(repository, new PruneOptions()).RunAsync(None);

        Assert.True(result.UnreferencedBytes >= 6 * 1024 * 1024, $"unreferenced {result.UnreferencedBytes}");
        Assert.InRange(result.BytesReclaimed, 6 * 1024 * 1024, result.UnreferencedBytes + (64 * 1024));
        Assert.Equal(before - result.BytesReclaimed, await StoredBytesAsync());
        var reopened = await FerryRepository.OpenAsync(_store, "test password", TimeProvider.System, None);
        var target = _temp.Sub("restored");
        await new RestoreRunner(reopened, await reopened.FindSnapshotAsync(keptSnapshot, null, None), new RestoreOptions { Target = target }).RunAsync(None);
        Assert.Equal(keptContent, TreeAssert.Describe(target));
        Assert.True((await new Checker(reopened, new CheckOptions { ReadDataPercent = 100 }).RunAsync(None)).Ok);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        await repository.DeleteSnapshotAsync(await BackupAsync(repository, source), None);
        var before = await KeysAsync();

        var result = await new Pruner(repository, new PruneOptions { DryRun = true }).RunAsync(None);

        Assert.True(result.PacksDeleted > 0);
        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task Packs_left_by_an_interrupted_backup_are_removed_once_no_running_backup_can_be_writing_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var store = new MemoryObjectStore(clock);
        var repository = await FerryRepository.InitAsync(store, "test password", "a", clock, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);
        var leftover = "data/ab/" + new string('a', 62).Insert(0, "ab");
        await store.PutAsync(leftover, new byte[1000], None);

        // Written a minute ago, in no index: a backup whose lock this prune cannot see may still be writing it.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await new Pruner(repository, new PruneOptions()).RunAsync(None)).PacksDeleted);
        Assert.NotNull(await store.StatAsync(leftover, None));

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, (await new Pruner(repository, new PruneOptions()).RunAsync(None)).PacksDeleted);
        Assert.Null(await store.StatAsync(leftover, None));
    }

    [Fact]
    public async Task Prune_waits_for_a_running_backup_and_gives_up_with_a_clear_message()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        await using var backupLock = await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None);

        var e = await Assert.ThrowsAsync<RepositoryLockedException>(() => new Pruner(repository, new PruneOptions { LockWait = TimeSpan.FromSeconds(1) }).RunAsync(None));

        Assert.Contains("backup on", e.Message);
    }

    [Fact]
    public async Task Shared_locks_coexist_and_a_stale_lock_is_cleared()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None))
        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "restore", TimeSpan.Zero, None))
        {
            Assert.Equal(2, (await KeysAsync()).Count(k => k.StartsWith("locks/", StringComparison.Ordinal)));
        }

        await _store.PutAsync("locks/00000000000000000000000000000000", "not a lock"u8.ToArray(), None);
        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None))
        {
            Assert.Single(await KeysAsync(), k => k.StartsWith("locks/", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(await KeysAsync(), k => k.StartsWith("locks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_names_the_damaged_pack_and_the_files_it_affects()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var snapshot = await BackupAsync(repository, source);
        var largest = (await ListAsync("data/")).MaxBy(o => o.Size)!;
        _store.Tamper(largest.Key, bytes => { bytes[10] ^= 0x20; return bytes; });
        var reopened = await FerryRepository.OpenAsync(_store, "test password", TimeProvider.System, None);

        var structure = await new Checker(reopened, new CheckOptions()).RunAsync(None);
        var full = await new Checker(reopened, new CheckOptions { ReadDataPercent = 100 }).RunAsync(None);

        Assert.True(structure.Ok);
        var problem = Assert.Single(full.Problems);
        Assert.Equal(largest.Key, problem.Key);
        Assert.Contains(problem.Affected, a => a.StartsWith(snapshot[..8], StringComparison.Ordinal) && a.Contains("/App/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_reports_a_missing_pack_without_reading_data()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        await BackupAsync(repository, source);
        var largest = (await ListAsync("data/")).MaxBy(o => o.Size)!;
        await _store.DeleteAsync(largest.Key, None);

        var result = await new Checker(await FerryRepository.OpenAsync(_store, "test password", TimeProvider.System, None), new CheckOptions()).RunAsync(None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(largest.Key, problem.Key);
        Assert.Contains("missing", problem.Message);
        Assert.NotEmpty(problem.Affected);
    }

    [Fact]
    public async Task Diff_lists_added_removed_and_changed_files_with_sizes()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var first = await BackupAsync(repository, source);
        File.Delete(Path.Combine(source, "Data", "note-05.md"));
        await File.WriteAllTextAsync(Path.Combine(source, "Data", "note-06.md"), "rewritten, longer than before");
        await File.WriteAllTextAsync(Path.Combine(source, "new.txt"), "hello");
        var second = await BackupAsync(repository, source);

        var changes = await SnapshotDiff.CompareAsync(repository, (await repository.FindSnapshotAsync(first, null, None)).Snapshot, (await repository.FindSnapshotAsync(second, null, None)).Snapshot, None);

        Assert.Equal(
            ["Added new.txt", "Changed Data/note-06.md", "Removed Data/note-05.md"],
            changes.Select(c => $"{c.Kind} {c.Path}").Order(StringComparer.Ordinal));
        Assert.Equal(5, changes.Single(c => c.Path == "new.txt").SizeAfter);
    }

    private static async Task<string> BackupAsync(FerryRepository repository, string source) =>
        (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None)).SnapshotId;

    private async Task<long> StoredBytesAsync() => (await ListAsync("data/")).Sum(o => o.Size);

    private async Task<List<string>> KeysAsync() => [.. (await ListAsync("")).Select(o => o.Key).Order(StringComparer.Ordinal)];

    private async Task<List<ObjectInfo>> ListAsync(string prefix)
    {
        var result = new List<ObjectInfo>();
        await foreach (var o in _store.ListAsync(prefix, None))
        {
            result.Add(o);
        }

        return result;
    }

    private static void WriteNoise(string path, int size)
    {
        var bytes = new byte[size];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => _temp.Dispose();
}
