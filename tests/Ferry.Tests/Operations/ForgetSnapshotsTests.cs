using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Maintenance;

namespace Ferry.Tests.Operations;

/// <summary>A retention policy applied per device and set of paths, with a dry run that removes nothing.</summary>
public sealed class ForgetSnapshotsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task Keep_last_keeps_that_many_of_each_device_and_the_other_devices_snapshots_stay()
    {
        var (repository, ids) = await ThreeBackupsEachAsync("laptop", "desktop");
        var told = new List<RetentionGroup>();

        var result = await ForgetSnapshots.RunAsync(repository, new RetentionPolicy { Last = 1 }, "laptop", dryRun: false, TimeProvider.System, told.Add, None);

        var group = Assert.Single(told);
        Assert.Equal("laptop", group.Host);
        Assert.Equal([ids["laptop"][2]], group.Decisions.Where(d => d.Keep).Select(d => d.Snapshot.Id));
        Assert.Equal(2, result.Removed);
        var left = (await repository.ListSnapshotsAsync(None)).Select(s => s.Id);
        Assert.Equal([.. ids["desktop"], ids["laptop"][2]], left.ToHashSet());
    }

    [Fact]
    public async Task A_dry_run_decides_the_same_and_removes_nothing()
    {
        var (repository, ids) = await ThreeBackupsEachAsync("laptop");

        var result = await ForgetSnapshots.RunAsync(repository, new RetentionPolicy { Last = 1 }, host: null, dryRun: true, TimeProvider.System, decided: null, None);

        Assert.Equal(0, result.Removed);
        Assert.Equal(2, result.Groups.Single().Decisions.Count(d => !d.Keep));
        Assert.Equal(3, (await repository.ListSnapshotsAsync(None)).Count);
    }

    [Fact]
    public async Task An_empty_policy_removes_nothing_rather_than_everything()
    {
        var (repository, _) = await ThreeBackupsEachAsync("laptop");

        await Assert.ThrowsAsync<ArgumentException>(() => ForgetSnapshots.RunAsync(repository, new RetentionPolicy(), null, dryRun: false, TimeProvider.System, null, None));

        Assert.Equal(3, (await repository.ListSnapshotsAsync(None)).Count);
    }

    private async Task<(FerryRepository Repository, Dictionary<string, List<string>> Ids)> ThreeBackupsEachAsync(params string[] hosts)
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", hosts[0], TimeProvider.System, None);
        var source = AppFolder.Write(_temp.Sub("App"), files: 3, seed: 6);
        var ids = hosts.ToDictionary(h => h, _ => new List<string>());
        for (var round = 0; round < 3; round++)
        {
            AppFolder.Edit(source, round, edits: 1);
            foreach (var host in hosts)
            {
                ids[host].Add((await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = host }).RunAsync(None)).SnapshotId);
            }
        }

        return (repository, ids);
    }

    public void Dispose() => _temp.Dispose();
}
