using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Maintenance;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Operations;

/// <summary>Deleting snapshots as every front end does it: all or nothing on a bad id, then what it frees, then maintenance.</summary>
public sealed class DeleteSnapshotsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task A_bad_id_after_good_ones_deletes_nothing()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 4);
        var first = await BackupAsync(repository, source);
        var deleted = new List<string>();

        await Assert.ThrowsAsync<SnapshotNotFoundException>(() => DeleteSnapshots.RunAsync(repository, [first[..8], "0123456789abcdef"], "laptop", new MaintenanceOptions(), e => deleted.Add(e.Id), None));

        Assert.Empty(deleted);
        Assert.Equal([first], (await repository.ListSnapshotsAsync(None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Deleting_says_what_it_frees_and_maintenance_runs_only_when_something_was_freed()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 4);
        var same = await BackupAsync(repository, source);
        var twin = await BackupAsync(repository, source);
        AppFolder.Replace(source, seed: 5);
        var other = await BackupAsync(repository, source);
        var deleted = new List<string>();

        var nothingFreed = await DeleteSnapshots.RunAsync(repository, [same, same[..8]], "laptop", new MaintenanceOptions(), e => deleted.Add(e.Id), None);
        var freed = await DeleteSnapshots.RunAsync(repository, [other], "laptop", new MaintenanceOptions(), e => deleted.Add(e.Id), None);

        Assert.Equal([same], nothingFreed.Deleted.Select(e => e.Id));
        Assert.Equal(0, nothingFreed.FreedBytes);
        Assert.Null(nothingFreed.Maintenance);
        Assert.True(freed.FreedBytes > 0);
        Assert.Equal(MaintenanceOutcome.Ran, freed.Maintenance?.Outcome);
        Assert.Equal([same, other], deleted);
        Assert.Equal([twin], (await repository.ListSnapshotsAsync(None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Deleting_several_snapshots_lists_them_once_whatever_their_number()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, "test password", "laptop", TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 8, seed: 4);
        List<string> ids = [];
        for (var i = 0; i < 4; i++)
        {
            AppFolder.Edit(source, round: i, edits: 1);
            ids.Add(await BackupAsync(repository, source));
        }

        watching.Requests.Clear();
        var result = await DeleteSnapshots.RunAsync(repository, [.. ids.Take(3).Select(id => id[..8])], "laptop", maintenance: null, deleted: null, None);

        Assert.Equal(3, result.Deleted.Count);
        // Each listing is a round trip to the bucket: one for every id would cost a user 80 ms an id.
        Assert.Equal(1, watching.Count("LIST", "snapshots/"));
    }

    private static async Task<string> BackupAsync(FerryRepository repository, string source) =>
        (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "laptop" }).RunAsync(None)).SnapshotId;

    public void Dispose() => _temp.Dispose();
}
