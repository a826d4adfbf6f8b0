using Ferry.Backup;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Restore;

/// <summary>A restore plans and writes a bounded number of files at a time; the result must not show it.</summary>
public sealed class BatchedRestoreTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_restore_in_batches_of_a_few_files_is_identical_to_the_source(int batchFiles)
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        // The same content in folders far apart: one chunk that several batches each need.
        for (var i = 0; i < 12; i++)
        {
            Directory.CreateDirectory(Path.Combine(source, $"copies-{i % 3}"));
            await File.WriteAllTextAsync(Path.Combine(source, $"copies-{i % 3}", $"same-{i}.txt"), "identical content in every copy\n");
        }

        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);
        var snapshot = await repository.FindSnapshotAsync("latest", null, None);
        var target = _temp.Sub("restored");

        var runner = new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, BatchFiles = batchFiles });
        var result = await runner.RunAsync(None);

        Assert.Empty(result.Problems);
        Assert.Equal(snapshot.Snapshot.Summary.Files, result.Files);
        Assert.Equal(result.Files, runner.Progress.FilesTotal);
        Assert.Equal(runner.Progress.BytesTotal, runner.Progress.BytesDone);
        TreeAssert.Identical(source, target);
    }

    [Fact]
    public async Task Only_the_included_files_are_restored_when_they_span_several_batches()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var repository = await FerryRepository.InitAsync(_store, Password, "A", TimeProvider.System, None);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "A" }).RunAsync(None);
        var snapshot = await repository.FindSnapshotAsync("latest", null, None);
        var target = _temp.Sub("restored");

        var result = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, Includes = ["Data"], BatchFiles = 4 }).RunAsync(None);

        Assert.Empty(result.Problems);
        Assert.Equal(31, result.Files);
        Assert.Equal(["Data"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        TreeAssert.Identical(Path.Combine(source, "Data"), Path.Combine(target, "Data"));
    }

    public void Dispose() => _temp.Dispose();
}
