using Ferry.Backup;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Backup.Live;

/// <summary>A repository in memory with one-line backup and restore, for tests of what a backup captures.</summary>
internal sealed class LiveRepository
{
    private readonly MemoryObjectStore _store = new();
    private FerryRepository? _repository;

    public async Task<FerryRepository> OpenAsync() =>
        _repository ??= await FerryRepository.InitAsync(_store, "live data password", "A", TimeProvider.System, CancellationToken.None);

    public async Task<BackupResult> BackupAsync(string source) =>
        await new BackupRunner(await OpenAsync(), new BackupOptions { Paths = [source], Host = "A" }).RunAsync(CancellationToken.None);

    public async Task<RestoreResult> RestoreAsync(string snapshotId, string target)
    {
        var repository = await OpenAsync();
        var snapshot = await repository.FindSnapshotAsync(snapshotId, null, CancellationToken.None);
        return await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(CancellationToken.None);
    }
}
