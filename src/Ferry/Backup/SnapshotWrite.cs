using Ferry.Repository;
using Ferry.Repository.Chunking;
using Ferry.Repository.Index;
using Ferry.Repository.Locks;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;

namespace Ferry.Backup;

/// <summary>
/// The write sequence every new snapshot goes through, a backup's or an import's: a shared lock, the
/// index read under it with what an interrupted run left, chunks and trees through one saver, then
/// the packs and the index out while the lock is confirmed, and the snapshot committed last.
/// </summary>
internal sealed class SnapshotWrite : IAsyncDisposable
{
    private readonly FerryRepository _repository;
    private readonly RepositoryLock _held;

    private SnapshotWrite(FerryRepository repository, RepositoryLock held, BlobSaver saver)
    {
        _repository = repository;
        _held = held;
        Saver = saver;
    }

    /// <summary>Stores new chunks and trees; what is already in the index is skipped.</summary>
    public BlobSaver Saver { get; }

    /// <summary>Takes the shared lock, then reads the index under it; <paramref name="operation"/> names the lock.</summary>
    public static async Task<SnapshotWrite> BeginAsync(FerryRepository repository, string operation, BackupOptions options, CancellationToken cancellationToken)
    {
        // Shared: other devices may back up at the same time; only a prune has to wait for us.
        var held = await RepositoryLock.AcquireAsync(repository, LockKind.Shared, operation, options.LockWait, cancellationToken).ConfigureAwait(false);
        try
        {
            // Only now, with the lock held: a prune that ran before it has finished, and none starts until we are done.
            var index = await repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            // Packs an interrupted backup left are already indexed in memory; written down now, under the lock.
            await IndexRecovery.PersistAsync(repository, index, cancellationToken).ConfigureAwait(false);
            return new SnapshotWrite(repository, held, new BlobSaver(repository, index, options.SealParallelism, options.UploadParallelism, cancellationToken));
        }
        catch
        {
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A chunker for files, with the repository's chunking parameters, counting into <paramref name="counters"/>.</summary>
    public FileChunker Chunker(BackupCounters counters)
    {
        var config = _repository.Config;
        return new FileChunker(new FastCdc(config.ChunkerSeed, config.ChunkerMin, config.ChunkerAvg, config.ChunkerMax), _repository.Key, Saver, counters);
    }

    /// <summary>
    /// Every decision to skip a stored chunk is made by now: the lock is looked up (unless it was seen
    /// moments ago) while the last packs and the index go out, so the check adds no wait.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Saver.FlushAsync(), _held.ConfirmUnlessRecentAsync(cancellationToken));

    /// <summary>Writes the snapshot while the lock is still known to be held; a snapshot written too late is deleted again.</summary>
    public Task<string> CommitAsync(Snapshot snapshot, CancellationToken cancellationToken) =>
        _held.CommitAsync(
            () => _repository.SaveSnapshotAsync(snapshot, cancellationToken),
            written => _repository.DeleteSnapshotAsync(written, CancellationToken.None),
            cancellationToken);

    /// <summary>Stops the saver, then releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        await Saver.DisposeAsync().ConfigureAwait(false);
        await _held.DisposeAsync().ConfigureAwait(false);
    }
}
