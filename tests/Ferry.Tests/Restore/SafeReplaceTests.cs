using Ferry.Backup;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Restore;

/// <summary>restore --replace: a safety snapshot first, a staged restore, a swap only when complete.</summary>
public sealed class SafeReplaceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task Replace_keeps_a_safety_snapshot_of_the_old_data_and_swaps_in_the_snapshot()
    {
        var (repository, snapshot, source) = await BackedUpAsync();
        var target = _temp.Sub("live");
        SampleTree.Write(target, seed: 99);
        await File.WriteAllTextAsync(Path.Combine(target, "written-since.txt"), "today's work");
        var before = TreeAssert.Describe(target);

        var result = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, Replace = true, Host = "me" }).RunAsync(None);

        Assert.True(result.Applied);
        TreeAssert.Identical(source, target);
        var safety = await repository.FindSnapshotAsync(result.SafetySnapshotId![..8], null, None);
        Assert.Contains(SafetySnapshots.Tag, safety.Snapshot.Tags);
        var undo = _temp.Sub("undo");
        await new RestoreRunner(repository, safety, new RestoreOptions { Target = undo }).RunAsync(None);
        Assert.Equal(before, TreeAssert.Describe(undo));
        Assert.Equal([target], Directory.GetFileSystemEntries(_temp.Path).Where(p => p.Contains("live", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_replace_a_non_empty_target_is_refused_and_untouched()
    {
        var (repository, snapshot, _) = await BackedUpAsync();
        var target = _temp.Sub("live");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep"), "x");

        await Assert.ThrowsAsync<RestoreTargetException>(() => new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None));

        Assert.Equal(["keep"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Damaged_data_leaves_the_target_exactly_as_it_was()
    {
        var (repository, snapshot, _) = await BackedUpAsync();
        var target = _temp.Sub("live");
        SampleTree.Write(target, seed: 7);
        var before = TreeAssert.Describe(target);
        var packs = new List<Ferry.Storage.ObjectInfo>();
        await foreach (var pack in _store.ListAsync("data/", None))
        {
            packs.Add(pack);
        }

        // The largest pack holds file data; trees are in small packs of their own.
        _store.Tamper(packs.MaxBy(p => p.Size)!.Key, bytes => { bytes[100] ^= 1; return bytes; });

        var reopened = await FerryRepository.OpenAsync(_store, "test password", TimeProvider.System, None);
        var result = await new RestoreRunner(reopened, snapshot, new RestoreOptions { Target = target, Replace = true }).RunAsync(None);

        Assert.False(result.Applied);
        Assert.NotEmpty(result.Problems);
        Assert.Equal(before, TreeAssert.Describe(target));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_temp.Path), p => p.Contains("ferry-staging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Include_with_replace_swaps_only_that_path()
    {
        var (repository, snapshot, source) = await BackedUpAsync();
        var target = _temp.Sub("live");
        SampleTree.Write(target, seed: 5);
        await File.WriteAllTextAsync(Path.Combine(target, "Data", "note-00.md"), "edited today");
        var configBefore = await File.ReadAllTextAsync(Path.Combine(target, "config.json"));

        await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, Replace = true, Includes = ["Data"] }).RunAsync(None);

        TreeAssert.Identical(Path.Combine(source, "Data"), Path.Combine(target, "Data"));
        Assert.Equal(configBefore, await File.ReadAllTextAsync(Path.Combine(target, "config.json")));
    }

    [Fact]
    public async Task An_include_that_names_nothing_is_an_error()
    {
        var (repository, snapshot, _) = await BackedUpAsync();

        var e = await Assert.ThrowsAsync<RestoreTargetException>(() =>
            new RestoreRunner(repository, snapshot, new RestoreOptions { Target = _temp.Sub("out"), Includes = ["No/Such/Path"] }).RunAsync(None));

        Assert.Contains("not in the snapshot", e.Message);
        Assert.False(Directory.Exists(_temp.Sub("out")));
    }

    [Fact]
    public async Task Leftovers_of_an_interrupted_restore_are_cleaned_up_and_a_parked_target_put_back()
    {
        var (repository, snapshot, source) = await BackedUpAsync();
        var target = _temp.Sub("live");
        var parked = _temp.Sub(".live.ferry-parked-1234abcd");
        SampleTree.Write(parked, seed: 3);
        var parkedContent = TreeAssert.Describe(parked);
        Directory.CreateDirectory(_temp.Sub(".live.ferry-staging-5678abcd/half"));

        var result = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, Replace = true }).RunAsync(None);

        TreeAssert.Identical(source, target);
        Assert.Equal([Path.GetFileName(target)], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Where(n => n!.Contains("live", StringComparison.Ordinal)));
        var undo = _temp.Sub("undo");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync(result.SafetySnapshotId!, null, None), new RestoreOptions { Target = undo }).RunAsync(None);
        Assert.Equal(parkedContent, TreeAssert.Describe(undo));
    }

    [Fact]
    public async Task A_target_that_is_a_symlink_is_refused()
    {
        var (repository, snapshot, _) = await BackedUpAsync();
        Directory.CreateDirectory(_temp.Sub("real"));
        File.CreateSymbolicLink(_temp.Sub("link"), _temp.Sub("real"));

        var e = await Assert.ThrowsAsync<RestoreTargetException>(() =>
            new RestoreRunner(repository, snapshot, new RestoreOptions { Target = _temp.Sub("link"), Replace = true }).RunAsync(None));

        Assert.Contains("symbolic link", e.Message);
    }

    private async Task<(FerryRepository Repository, SnapshotEntry Snapshot, string Source)> BackedUpAsync()
    {
        var source = _temp.Sub("source");
        SampleTree.Write(source);
        var repository = await FerryRepository.InitAsync(_store, "test password", "me", TimeProvider.System, None);
        var backup = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "me" }).RunAsync(None);
        return (repository, await repository.FindSnapshotAsync(backup.SnapshotId, null, None), source);
    }

    public void Dispose() => _temp.Dispose();
}
