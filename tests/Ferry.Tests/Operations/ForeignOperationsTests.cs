using Ferry.Backup;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Testing.Foreign;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Operations;

/// <summary>The apps' own backups beside the repository: listed with Ferry's snapshots, restored with the same rules.</summary>
public sealed class ForeignOperationsTests : IDisposable
{
    private const string Key = "cherry-studio.20250314093000.Anns-MacBook.local.mac.zip";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task Before_any_repository_exists_the_apps_backups_are_listed_and_none_is_opened()
    {
        await PutArchiveAsync();
        var opened = 0;

        var listing = await ListBackups.ListAsync(_store, _ => { opened++; throw new InvalidOperationException("no repository to open"); }, host: null, None);

        Assert.Equal(0, opened);
        Assert.Empty(listing.Snapshots);
        var foreign = Assert.Single(listing.Foreign);
        Assert.Equal(Key, foreign.Backup.Key);
        Assert.Null(foreign.ImportedAs);
    }

    [Fact]
    public async Task An_imported_backup_is_listed_with_the_snapshot_it_became_and_a_host_filter_applies_to_both()
    {
        await PutArchiveAsync();
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        var imported = await new Ferry.Foreign.ForeignImporter(repository, Key).RunAsync(None);
        var other = AppFolderOf("Other");
        await new BackupRunner(repository, new BackupOptions { Paths = [other], Host = "desktop" }).RunAsync(None);

        var all = await ListBackups.ListAsync(_store, _ => Task.FromResult(repository), host: null, None);
        var anns = await ListBackups.ListAsync(_store, _ => Task.FromResult(repository), host: "Anns-MacBook.local", None);

        Assert.Equal(imported.ShortId, Assert.Single(all.Foreign).ImportedAs);
        Assert.Equal(2, all.Snapshots.Count);
        Assert.Equal([imported.SnapshotId], anns.Snapshots.Select(s => s.Id));
        Assert.Single(anns.Foreign);
    }

    [Fact]
    public async Task The_apps_backups_are_listed_alongside_the_snapshots_not_after_them()
    {
        await PutArchiveAsync();
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, "test password", "laptop", TimeProvider.System, None);
        var zipsListed = new TaskCompletionSource();
        // On a real link each listing is a round trip: the snapshots' listing must not be what the zips' waits for.
        watching.BeforeList = prefix =>
        {
            if (prefix.StartsWith("cherry-studio.", StringComparison.Ordinal))
            {
                zipsListed.TrySetResult();
            }

            return prefix.StartsWith("snapshots/", StringComparison.Ordinal) ? zipsListed.Task.WaitAsync(TimeSpan.FromSeconds(10)) : Task.CompletedTask;
        };

        var listing = await ListBackups.ListAsync(watching, _ => Task.FromResult(repository), host: null, None);

        Assert.Equal(Key, Assert.Single(listing.Foreign).Backup.Key);
    }

    [Fact]
    public async Task Restoring_into_an_empty_folder_opens_no_repository_and_replacing_keeps_a_safety_snapshot()
    {
        var data = await PutArchiveAsync();
        var opened = 0;
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);
        Task<FerryRepository> Open(CancellationToken _)
        {
            opened++;
            return Task.FromResult(repository);
        }

        var policy = new RunningAppPolicy(Path.Combine(_temp.Path, "config.toml"), new Dictionary<string, string>());
        var fresh = _temp.Sub("Fresh");
        var first = await ForeignRestore.PrepareAsync(_store, Key, new RestoreOptions { Target = fresh, Host = "laptop" }, policy, Open, None);
        var firstResult = await first.RunAsync(None);
        Assert.Equal(0, opened);
        Assert.Null(firstResult.SafetySnapshotId);

        var used = AppFolderOf("Used");
        var replace = await ForeignRestore.PrepareAsync(_store, Key, new RestoreOptions { Target = used, Replace = true, Host = "laptop" }, policy, Open, None);
        var replaced = await replace.RunAsync(None);

        Assert.Equal(1, opened);
        Assert.NotNull(replaced.SafetySnapshotId);
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(used));
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(fresh));
    }

    private async Task<string> PutArchiveAsync()
    {
        var data = _temp.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        await _store.PutAsync(Key, CherryArchive.Build(data), None);
        return data;
    }

    private string AppFolderOf(string name)
    {
        var folder = Directory.CreateDirectory(_temp.Sub(name)).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), $"what {name} holds");
        return folder;
    }

    public void Dispose() => _temp.Dispose();
}
