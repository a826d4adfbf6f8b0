using Ferry.Repository;
using Ferry.Restore.Names;

namespace Ferry.Restore;

/// <summary>
/// Restores a snapshot so that the target is, at every instant, either what it was or the complete
/// restored tree (see <see cref="SafeRestore"/>): written into a staging folder beside the target,
/// every blob verified, then swapped in. Replacing a non-empty target first stores a
/// <c>pre-restore</c> safety snapshot of it, so undoing the restore is one more restore away.
/// </summary>
public sealed class RestoreRunner
{
    private readonly FerryRepository _repository;
    private readonly SnapshotEntry _snapshot;
    private readonly RestoreOptions _options;
    private readonly PlanWriter _writer;
    private readonly SafeRestore _safe;

    /// <summary>A restore of <paramref name="snapshot"/> as <paramref name="options"/> say; nothing happens until <see cref="RunAsync"/>.</summary>
    public RestoreRunner(FerryRepository repository, SnapshotEntry snapshot, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _snapshot = snapshot;
        _options = options;
        _writer = new PlanWriter(repository, options.DownloadParallelism);
        _safe = new SafeRestore(repository, options.Target, options.Replace, options.Host, options.LockWait);
    }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs. During the safety snapshot it shows that backup's progress.</summary>
    public RestoreProgress Progress => RestoreProgress.Of(_safe, _writer.Progress);

    /// <summary>Restores and verifies every byte. Over existing data (with <c>Replace</c>) it stores a safety snapshot first and swaps only a complete restore into place.</summary>
    public async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        var includes = IncludeFilter.Normalize(_options.Includes);
        using var names = new RestoreNames(_safe.Target, _options.RenameUnsafe);
        // Every name is checked against the target before anything is written, the safety snapshot included.
        var walk = await RestoreWalk.CountAsync(_repository, _snapshot.Snapshot, _safe.Target, includes, names, cancellationToken).ConfigureAwait(false);
        names.EnsureRestorable(partial: includes.Count > 0 && Directory.Exists(_safe.Target));
        return await _safe.RunAsync(includes, async (staging, ct) =>
        {
            RestoreTarget.EnsureSpace(staging, walk.TotalBytes);
            _writer.Expect(walk.FileCount, walk.TotalBytes);
            await walk.PlanAsync(staging, _options.BatchFiles, _writer.WriteBatchAsync, ct).ConfigureAwait(false);
            names.WriteManifest(staging);
            return _writer.Finish(walk) with { Renames = names.Renames };
        }, cancellationToken).ConfigureAwait(false);
    }
}
