using Ferry.Backup;
using Ferry.Repository;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Repository;

/// <summary>The local cache: each immutable object is downloaded once, and a damaged copy is never trusted.</summary>
public sealed class ObjectCacheTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _memory = new();

    [Fact]
    public async Task An_unchanged_backup_with_a_warm_cache_reads_no_snapshot_index_or_tree_from_the_bucket()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var first = await OpenAsync(init: true);
        await new BackupRunner(first, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);

        var counting = new FaultyObjectStore(_memory);
        var second = await OpenAsync(init: false, counting);
        var result = await new BackupRunner(second, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);

        Assert.Equal(0, result.Snapshot.Summary.AddedBytes);
        Assert.Equal(0, counting.CallsTo(StoreCall.GetRange));
        // What is always read: the key file and the config, which must come from the bucket to know whose
        // cache to use (the lock, taken moments before, is not looked up again before the snapshot).
        Assert.Equal(2, counting.CallsTo(StoreCall.Get));
    }

    [Fact]
    public async Task A_damaged_cache_file_is_replaced_from_the_bucket()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await OpenAsync(init: true);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);
        foreach (var file in Directory.GetFiles(_temp.Sub("cache"), "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(file, bytes);
        }

        var reopened = await OpenAsync(init: false);
        var snapshot = await reopened.FindSnapshotAsync("latest", null, None);
        var target = _temp.Sub("restored");
        await new Ferry.Restore.RestoreRunner(reopened, snapshot, new Ferry.Restore.RestoreOptions { Target = target }).RunAsync(None);

        TreeAssert.Identical(source, target);
    }

    [Fact]
    public async Task The_cache_holds_only_encrypted_objects()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await OpenAsync(init: true);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);

        var files = Directory.GetFiles(_temp.Sub("cache"), "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf("note-01.md"u8) < 0, $"{file} holds a file name in plain text");
            Assert.True(bytes.AsSpan().IndexOf("\"nodes\""u8) < 0, $"{file} holds a tree in plain text");
        }
    }

    private async Task<FerryRepository> OpenAsync(bool init, Ferry.Storage.IObjectStore? store = null)
    {
        var repository = init
            ? await FerryRepository.InitAsync(store ?? _memory, "test password", "a", TimeProvider.System, None)
            : await FerryRepository.OpenAsync(store ?? _memory, "test password", TimeProvider.System, None);
        repository.UseCache(_temp.Sub("cache"));
        return repository;
    }

    public void Dispose() => _temp.Dispose();
}
