using Ferry.Backup;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Backup;

public sealed class BackupRestoreTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_folder_backed_up_on_one_device_restores_identically_on_another()
    {
        var source = _temp.Sub("A/App");
        SampleTree.Write(source);
        var deviceA = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);

        var backup = await new BackupRunner(deviceA, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);

        var deviceB = await FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None);
        var snapshot = await deviceB.FindSnapshotAsync("latest", null, None);
        var target = _temp.Sub("B/restored");
        var result = await new RestoreRunner(deviceB, snapshot, new RestoreOptions { Target = target }).RunAsync(None);

        Assert.Empty(backup.Problems);
        Assert.Empty(result.Problems);
        Assert.Equal(backup.SnapshotId, snapshot.Id);
        TreeAssert.Identical(source, target);
    }

    [Fact]
    public async Task An_unchanged_second_backup_stores_almost_nothing_and_reads_no_file()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);
        var first = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);

        var runner = new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" });
        var second = await runner.RunAsync(None);

        Assert.Equal(first.SnapshotId, second.ParentId);
        Assert.Equal(0, second.Snapshot.Summary.AddedBytes);
        Assert.Equal(first.Snapshot.Summary.Files, second.Snapshot.Summary.UnchangedFiles);
        Assert.Equal(first.Snapshot.Tree, second.Snapshot.Tree);
    }

    [Fact]
    public async Task A_changed_file_is_stored_again_and_only_its_new_chunks_are_added()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);
        var first = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);
        var log = Path.Combine(source, "IndexedDB", "file__0.indexeddb.leveldb", "000003.log");
        await File.AppendAllTextAsync(log, "one more line\n");

        var second = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);

        Assert.Equal(1, second.Snapshot.Summary.ChangedFiles);
        Assert.InRange(second.Snapshot.Summary.AddedBytes, 1, first.Snapshot.Summary.AddedBytes / 4);
        var restored = _temp.Sub("restored");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync("latest", null, None), new RestoreOptions { Target = restored }).RunAsync(None);
        TreeAssert.Identical(source, restored);
    }

    [Fact]
    public async Task Excluded_entries_are_not_stored()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        Directory.CreateDirectory(Path.Combine(source, "Cache", "Cache_Data"));
        await File.WriteAllTextAsync(Path.Combine(source, "Cache", "Cache_Data", "f_000001"), "cached");
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);

        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A", Excludes = ["Cache", "Data/Files", "*.md"] }).RunAsync(None);

        var restored = _temp.Sub("restored");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync("latest", null, None), new RestoreOptions { Target = restored }).RunAsync(None);
        Assert.False(Directory.Exists(Path.Combine(restored, "Cache")));
        Assert.False(Directory.Exists(Path.Combine(restored, "Data", "Files")));
        Assert.Empty(Directory.GetFiles(Path.Combine(restored, "Data"), "*.md"));
        Assert.True(File.Exists(Path.Combine(restored, "config.json")));
    }

    [Fact]
    public async Task Several_paths_restore_each_under_its_own_name()
    {
        var one = _temp.Sub("x/one");
        var two = _temp.Sub("y/two");
        SampleTree.Write(one, seed: 1);
        SampleTree.Write(two, seed: 2);
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);

        await new BackupRunner(repository, new BackupOptions { Paths = [one, two], Host = "A" }).RunAsync(None);

        var restored = _temp.Sub("restored");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync("latest", null, None), new RestoreOptions { Target = restored }).RunAsync(None);
        TreeAssert.Identical(one, Path.Combine(restored, "one"));
        TreeAssert.Identical(two, Path.Combine(restored, "two"));
    }

    [Fact]
    public async Task Nothing_of_the_source_appears_in_plaintext_in_the_store()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);

        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);

        var needles = new[] { "sk-secret-value-123", "message 1234 from the assistant", "note-01.md", "IndexedDB" }
            .Select(System.Text.Encoding.UTF8.GetBytes).ToList();
        await foreach (var o in _store.ListAsync("", None))
        {
            var bytes = await _store.GetAsync(o.Key, None);
            foreach (var needle in needles)
            {
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{o.Key} contains '{System.Text.Encoding.UTF8.GetString(needle)}' in plaintext");
            }
        }
    }

    [Fact]
    public async Task A_few_new_megabytes_go_out_as_a_first_megabyte_and_the_rest_so_the_upload_starts_while_the_rest_is_read()
    {
        var source = _temp.Sub("App");
        Directory.CreateDirectory(source);
        await File.WriteAllBytesAsync(Path.Combine(source, "new-attachment.png"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "A", TimeProvider.System, None);

        var backup = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);

        // In the order they were sent; the one tree pack is a few hundred bytes.
        var sizes = new List<long>();
        foreach (var put in watching.Requests.Where(r => r.StartsWith("PUT data/", StringComparison.Ordinal)))
        {
            sizes.Add((await _store.StatAsync(put["PUT ".Length..], None))!.Size);
        }

        var dataPacks = sizes.Where(size => size > 64 * 1024).ToList();
        Assert.Equal(2, dataPacks.Count);
        Assert.InRange(dataPacks[0], 1024 * 1024, (2 * 1024 * 1024) + 4096);
        Assert.InRange(dataPacks.Sum(), 3 * 1024 * 1024, (3 * 1024 * 1024) + 16384);
        var restored = _temp.Sub("restored");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync(backup.SnapshotId, null, None), new RestoreOptions { Target = restored }).RunAsync(None);
        TreeAssert.Identical(source, restored);
    }

    public void Dispose() => _temp.Dispose();
}
