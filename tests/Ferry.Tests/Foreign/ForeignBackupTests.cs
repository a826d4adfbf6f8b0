using Ferry.Errors;
using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Restore;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Testing.Foreign;

namespace Ferry.Tests.Foreign;

public sealed class ForeignBackupTests : IDisposable
{
    private const string Key = "cherry-studio.20250314093000.Anns-MacBook.local.mac.zip";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly CountingStore _store = new(new MemoryObjectStore());

    [Fact]
    public async Task Listing_finds_the_apps_zips_beside_the_repository_newest_first()
    {
        await FerryRepository.InitAsync(_store, "test password", "A", TimeProvider.System, None);
        await _store.PutAsync("cherry-studio.20240101080000.old-pc.windows.zip", new byte[10], None);
        await _store.PutAsync(Key, new byte[20], None);
        await _store.PutAsync("cherry-studio.backup.zip", new byte[5], None);
        await _store.PutAsync("notes.txt", new byte[5], None);

        var found = await ForeignBackups.ListAsync(_store, None);

        Assert.Equal([Key, "cherry-studio.20240101080000.old-pc.windows.zip"], found.Select(f => f.Key));
        Assert.Equal(20, found[0].Size);
    }

    [Fact]
    public async Task A_few_bytes_that_start_like_a_zip_are_refused_as_damaged_not_as_a_bug()
    {
        // The input the long reliability run's fuzzer found: the zip reader seeked before the start of
        // the object, which failed with ArgumentOutOfRangeException ("unexpected error … please report this").
        var bytes = Convert.FromBase64String("UEsDBBQABgAIAFybgQ==");
        await _store.PutAsync(Key, bytes, None);

        var refused = await Assert.ThrowsAsync<CorruptDataException>(() =>
            ForeignArchive.OpenAsync(_store, new ForeignBackup(Key, "cherry-studio", "Anns-MacBook.local", "mac", DateTime.UnixEpoch, bytes.Length), None));

        Assert.Contains("is not a readable zip archive", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_restores_into_an_empty_folder_as_the_apps_data_folder_read_in_ranges()
    {
        var data = _temp.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        await _store.PutAsync(Key, CherryArchive.Build(data), None);

        var result = await new ForeignRestorer(_store, Key, new RestoreOptions { Target = _temp.Sub("restored") }).RunAsync(None);

        Assert.Empty(result.Problems);
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_temp.Sub("restored")));
        Assert.Equal(7, result.Files);
        Assert.Equal(0, _store.WholeReads(Key));
    }

    [Fact]
    public async Task A_zip_is_not_restored_into_a_folder_that_holds_something()
    {
        await _store.PutAsync(Key, CherryArchive.BuildLegacy(), None);
        var target = _temp.Sub("existing");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "precious");

        await Assert.ThrowsAsync<RestoreTargetException>(() => new ForeignRestorer(_store, Key, new RestoreOptions { Target = target }).RunAsync(None));

        Assert.Equal(["keep.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_zip_replaces_a_folder_through_the_safe_path_with_a_safety_snapshot_first()
    {
        var data = _temp.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        await _store.PutAsync(Key, CherryArchive.Build(data), None);
        var repository = await FerryRepository.InitAsync(_store, "test password", "B", TimeProvider.System, None);
        var live = _temp.Sub("live");
        Directory.CreateDirectory(live);
        await File.WriteAllTextAsync(Path.Combine(live, "current.txt"), "what the app holds today");

        var result = await new ForeignRestorer(_store, Key, new RestoreOptions { Target = live, Replace = true, Host = "B" }, repository).RunAsync(None);

        Assert.Empty(result.Problems);
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(live));
        var safety = await repository.FindSnapshotAsync(result.SafetySnapshotId!, null, None);
        Assert.Contains(SafetySnapshots.Tag, safety.Snapshot.Tags);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_temp.Path), p => p.Contains("ferry-staging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_entry_is_reported_and_not_left_wrong()
    {
        var data = _temp.Sub("CherryStudio");
        Directory.CreateDirectory(Path.Combine(data, "Data"));
        await File.WriteAllTextAsync(Path.Combine(data, "Data", "config.json"), new string('a', 5000));
        var zip = CherryArchive.Build(data);
        var at = zip.AsSpan().IndexOf("Data/config.json"u8) + 40;
        zip[at] ^= 0x55;
        await _store.PutAsync(Key, zip, None);

        var result = await new ForeignRestorer(_store, Key, new RestoreOptions { Target = _temp.Sub("restored") }).RunAsync(None);

        var problem = Assert.Single(result.Problems);
        Assert.EndsWith("config.json", problem.Path);
        Assert.False(File.Exists(_temp.Sub("restored/Data/config.json")));
    }

    [Fact]
    public async Task A_zip_with_a_path_that_leaves_the_folder_writes_nothing()
    {
        await _store.PutAsync(Key, CherryArchive.WithEntry("../../.bashrc", "evil"u8.ToArray()), None);

        await Assert.ThrowsAsync<CorruptDataException>(() => new ForeignRestorer(_store, Key, new RestoreOptions { Target = _temp.Sub("restored") }).RunAsync(None));

        Assert.False(File.Exists(_temp.Sub(".bashrc")));
        Assert.False(Directory.Exists(_temp.Sub("restored")));
    }

    [Fact]
    public async Task Import_makes_a_snapshot_that_restores_what_the_zip_holds()
    {
        var data = _temp.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        await _store.PutAsync(Key, CherryArchive.Build(data, timestampMs: 1_741_944_600_000), None);
        var repository = await FerryRepository.InitAsync(_store, "test password", "A", TimeProvider.System, None);

        var imported = await new ForeignImporter(repository, Key).RunAsync(None);
        var entry = await repository.FindSnapshotAsync(imported.ShortId, null, None);
        await new RestoreRunner(repository, entry, new RestoreOptions { Target = _temp.Sub("restored") }).RunAsync(None);

        Assert.Equal("Anns-MacBook.local", entry.Snapshot.Host);
        Assert.Equal("macos", entry.Snapshot.Os);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_741_944_600_000), entry.Snapshot.Time);
        Assert.Equal(["imported", Key], entry.Snapshot.Tags);
        Assert.Equal(["/cherry-studio"], entry.Snapshot.Paths);
        Assert.Equal(7, entry.Snapshot.Summary.Files);
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_temp.Sub("restored")));
    }

    [Fact]
    public async Task A_second_zip_of_nearly_the_same_data_deduplicates_and_a_zip_is_imported_once()
    {
        var data = _temp.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        await _store.PutAsync(Key, CherryArchive.Build(data), None);
        await File.AppendAllTextAsync(Path.Combine(data, "Data", "Notes", "note-1.md"), "one more line\n");
        const string later = "cherry-studio.20250315093000.Anns-MacBook.local.mac.zip";
        await _store.PutAsync(later, CherryArchive.Build(data), None);
        var repository = await FerryRepository.InitAsync(_store, "test password", "A", TimeProvider.System, None);

        var first = await new ForeignImporter(repository, Key).RunAsync(None);
        var second = await new ForeignImporter(repository, later).RunAsync(None);
        var again = await Assert.ThrowsAsync<FerryException>(() => new ForeignImporter(repository, Key).RunAsync(None));

        Assert.True(first.Snapshot.Summary.AddedBytes > 500_000);
        Assert.InRange(second.Snapshot.Summary.AddedBytes, 1, 20_000);
        Assert.Contains($"already imported as snapshot {first.ShortId}", again.Message);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Counts whole-object reads: a zip must be read in ranges, never whole.</summary>
    private sealed class CountingStore(IObjectStore inner) : IObjectStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _whole = new();

        public string Location => inner.Location;

        public int WholeReads(string key) => _whole.GetValueOrDefault(key);

        public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
        {
            _whole.AddOrUpdate(key, 1, (_, n) => n + 1);
            return inner.GetAsync(key, cancellationToken);
        }

        public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) => inner.GetRangeAsync(key, offset, length, cancellationToken);

        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

        public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.PutAsync(key, data, cancellationToken);

        public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }
}
