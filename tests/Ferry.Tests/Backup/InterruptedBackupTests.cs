using Ferry.Backup;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Backup;

/// <summary>A backup that dies part-way leaves no snapshot, and the next run uploads only what is missing.</summary>
public sealed class InterruptedBackupTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _memory = new();

    [Fact]
    public async Task Packs_uploaded_before_a_crash_are_reused_even_when_no_index_names_them()
    {
        var source = _temp.Sub("App");
        WriteIncompressible(source, files: 12, size: 3 * 1024 * 1024);
        var store = new CrashingStore(_memory) { CrashOnPut = key => key.StartsWith("data/", StringComparison.Ordinal) && ++_dataPuts > 3 };
        var repository = await FerryRepository.InitAsync(store, "test password", "a", TimeProvider.System, None);

        await Assert.ThrowsAsync<StorageException>(() => new BackupRunner(repository, Options(source)).RunAsync(None));

        Assert.Empty(await Keys("snapshots/"));
        Assert.Empty(await Keys("index/"));
        var packsBefore = (await Keys("data/")).Count;
        Assert.Equal(3, packsBefore);

        store.CrashOnPut = _ => false;
        var reopened = await FerryRepository.OpenAsync(store, "test password", TimeProvider.System, None);
        var result = await new BackupRunner(reopened, Options(source)).RunAsync(None);

        var total = 12L * 3 * 1024 * 1024;
        Assert.InRange(result.Snapshot.Summary.AddedBytes, total - (packsBefore * 8L * 1024 * 1024) - (1024 * 1024), total - (2 * 8L * 1024 * 1024));
        var restored = _temp.Sub("restored");
        await new RestoreRunner(reopened, await reopened.FindSnapshotAsync("latest", null, None), new RestoreOptions { Target = restored }).RunAsync(None);
        TreeAssert.Identical(source, restored);
    }

    [Fact]
    public async Task A_backup_that_fails_at_the_snapshot_leaves_none_and_the_rerun_adds_nothing()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var store = new CrashingStore(_memory) { CrashOnPut = key => key.StartsWith("snapshots/", StringComparison.Ordinal) };
        var repository = await FerryRepository.InitAsync(store, "test password", "a", TimeProvider.System, None);

        await Assert.ThrowsAsync<StorageException>(() => new BackupRunner(repository, Options(source)).RunAsync(None));
        store.CrashOnPut = _ => false;
        var result = await new BackupRunner(repository, Options(source)).RunAsync(None);

        Assert.Single(await Keys("snapshots/"));
        Assert.Equal(0, result.Snapshot.Summary.AddedBytes);
    }

    private int _dataPuts;

    private static BackupOptions Options(string source) => new() { Paths = [source], Host = "a", UploadParallelism = 1 };

    private async Task<List<string>> Keys(string prefix)
    {
        var keys = new List<string>();
        await foreach (var o in _memory.ListAsync(prefix, None))
        {
            keys.Add(o.Key);
        }

        return keys;
    }

    private static void WriteIncompressible(string folder, int files, int size)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(5);
        for (var i = 0; i < files; i++)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, $"attachment-{i}.bin"), bytes);
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Fails chosen puts the way a process killed mid-upload would look to the store: the object never lands.</summary>
    private sealed class CrashingStore(IObjectStore inner) : IObjectStore
    {
        public Func<string, bool> CrashOnPut { get; set; } = _ => false;

        public string Location => inner.Location;

        public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            CrashOnPut(key) ? throw new StorageException("simulated crash", StorageErrorKind.Other) : inner.PutAsync(key, data, cancellationToken);

        public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) => inner.GetRangeAsync(key, offset, length, cancellationToken);

        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

        public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }
}
