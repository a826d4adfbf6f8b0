using Ferry.Backup;
using Ferry.Platform;
using Ferry.Repository;
using Ferry.Repository.Locks;

namespace Ferry.Restore;

/// <summary>
/// Restores a snapshot so that the target is, at every instant, either what it was or the complete
/// restored tree: the restore is written into a staging folder beside the target, verified, and
/// swapped in. Replacing a non-empty target first stores a <c>pre-restore</c> safety snapshot of it,
/// so undoing the restore is one more restore away.
/// </summary>
public sealed class RestoreRunner
{
    private readonly FerryRepository _repository;
    private readonly SnapshotEntry _snapshot;
    private readonly RestoreOptions _options;
    private readonly PlanWriter _writer;
    private BackupRunner? _safety;
    private volatile RestorePhase _phase;

    public RestoreRunner(FerryRepository repository, SnapshotEntry snapshot, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _snapshot = snapshot;
        _options = options;
        _writer = new PlanWriter(repository, options.DownloadParallelism);
    }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs. During the safety snapshot it shows that backup's progress.</summary>
    public RestoreProgress Progress => _phase == RestorePhase.SafetySnapshot && _safety is { } safety
        ? new RestoreProgress(safety.Progress.FilesDone, safety.Progress.FilesTotal, safety.Progress.BytesDone, safety.Progress.BytesTotal, 0) { Phase = _phase }
        : _writer.Progress with { Phase = _phase };

    public async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.Target));
        RestoreTarget.EnsureNotLink(target);
        StagingArea.CleanUp(target);
        await using var held = (await RepositoryLock.AcquireAsync(_repository, LockKind.Shared, "restore", _options.LockWait, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        var occupied = RestoreTarget.HasContent(target);
        if (occupied && !_options.Replace)
        {
            throw new RestoreTargetException($"{target} is not empty: restore into a new or empty folder, or add --replace to replace it (a safety snapshot is taken first)");
        }

        var safetyId = occupied ? await TakeSafetySnapshotAsync(target, cancellationToken).ConfigureAwait(false) : null;

        _phase = RestorePhase.Restoring;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = StagingArea.NewStaging(target);
        var includes = IncludeFilter.Normalize(_options.Includes);
        RestoreResult result;
        try
        {
            var plan = await RestorePlan.BuildAsync(_repository, _snapshot.Snapshot, staging, includes, cancellationToken).ConfigureAwait(false);
            RestoreTarget.EnsureSpace(staging, plan.TotalBytes);
            _writer.Expect(plan);
            try
            {
                result = await _writer.WriteAsync(plan, cancellationToken).ConfigureAwait(false);
                result = result with { Problems = [.. result.Problems.Select(p => p with { Path = Path.Join(target, Path.GetRelativePath(staging, p.Path)) })] };
            }
            catch (IOException e) when (RestoreTarget.IsDiskFull(e))
            {
                throw new RestoreTargetException($"the disk holding {target} filled up during the restore; {target} is unchanged: free at least {Mib(plan.TotalBytes)} MiB and try again", e);
            }

            if (occupied && result.Problems.Count > 0)
            {
                // Never swap an incomplete tree over the user's data.
                return result with { Applied = false, SafetySnapshotId = safetyId };
            }

            _phase = RestorePhase.Swapping;
            SwapIn(staging, target, includes);
        }
        finally
        {
            if (Path.Exists(staging))
            {
                StagingArea.DeleteTree(staging);
            }
        }

        _phase = RestorePhase.Done;
        return result with { SafetySnapshotId = safetyId };
    }

    private async Task<string> TakeSafetySnapshotAsync(string target, CancellationToken cancellationToken)
    {
        _phase = RestorePhase.SafetySnapshot;
        _safety = new BackupRunner(_repository, new BackupOptions { Paths = [target], Host = _options.Host, Tags = [SafetySnapshots.Tag] });
        var backup = await _safety.RunAsync(cancellationToken).ConfigureAwait(false);
        if (backup.Problems.Count > 0)
        {
            var first = backup.Problems[0];
            throw new RestoreTargetException($"the safety snapshot of {target} could not read {backup.Problems.Count} entries (first: {first.Path}: {first.Message}); nothing was replaced");
        }

        return backup.SnapshotId;
    }

    /// <summary>Moves the finished restore into place: the whole target, or each included path within it.</summary>
    private static void SwapIn(string staging, string target, IReadOnlyList<string> includes)
    {
        if (includes.Count == 0 || !Directory.Exists(target))
        {
            Exchange(staging, target);
            return;
        }

        foreach (var include in includes)
        {
            var from = Path.Combine(staging, include);
            var to = Path.Combine(target, include);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            Exchange(from, to);
        }
    }

    /// <summary>After this, <paramref name="to"/> holds the new tree and <paramref name="from"/> the old one (or nothing).</summary>
    private static void Exchange(string from, string to)
    {
        if (!Path.Exists(to))
        {
            if (Directory.Exists(from))
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to);
            }

            return;
        }

        AtomicExchange.Swap(from, to, StagingArea.NewParking(to));
    }

    private static long Mib(long bytes) => (bytes / (1024 * 1024)) + 1;
}
