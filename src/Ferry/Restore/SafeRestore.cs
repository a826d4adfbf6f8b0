using Ferry.Backup;
using Ferry.Errors;
using Ferry.Platform;
using Ferry.Repository;
using Ferry.Repository.Locks;
using Ferry.Repository.Snapshots;

namespace Ferry.Restore;

/// <summary>
/// The one way Ferry writes into a restore target, whatever the source (a snapshot, an app's own
/// zip): clean up leftovers of interrupted runs, refuse a non-empty target unless replacing, store a
/// <c>pre-restore</c> safety snapshot of what is replaced, write everything into a staging folder
/// beside the target, and swap it in only when complete. At every instant the target is the old
/// tree or the complete new one.
/// </summary>
internal sealed class SafeRestore(FerryRepository? repository, string target, bool replace, string host, TimeSpan lockWait)
{
    /// <summary>Writes the new tree into the staging folder it is given; the result's paths are inside that folder.</summary>
    public delegate Task<RestoreResult> Writer(string staging, CancellationToken cancellationToken);

    private volatile RestorePhase _phase;

    public string Target { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));

    public RestorePhase Phase => _phase;

    /// <summary>The backup taking the safety snapshot, while it runs (for progress).</summary>
    public BackupRunner? SafetyBackup { get; private set; }

    public async Task<RestoreResult> RunAsync(IReadOnlyList<string> includes, Writer write, CancellationToken cancellationToken)
    {
        // Clean-up first: it may put a parked tree back as the target, which is then checked like any.
        StagingArea.CleanUp(Target);
        RestoreTarget.EnsureNotLink(Target);
        foreach (var include in includes)
        {
            RestoreTarget.EnsureNoLinkOnTheWay(Target, include);
        }

        var held = repository is null ? null
            : await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "restore", lockWait, cancellationToken).ConfigureAwait(false);
        try
        {
            var occupied = RestoreTarget.HasContent(Target);
            if (occupied && !replace)
            {
                throw new RestoreTargetException($"{Target} is not empty") { Remedy = Remedy.ReplaceTarget };
            }

            var safetyId = occupied ? await TakeSafetySnapshotAsync(cancellationToken).ConfigureAwait(false) : null;
            _phase = RestorePhase.Restoring;
            Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
            var staging = StagingArea.NewStaging(Target);
            try
            {
                var tree = PrivateStaging.Create(staging);
                RestoreResult result;
                try
                {
                    result = await write(tree, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e) when (RestoreTarget.IsDiskFull(e))
                {
                    throw new RestoreTargetException($"the disk holding {Target} filled up during the restore; {Target} is unchanged: free some space and try again", e);
                }

                FileProblem InTarget(FileProblem p) => p with { Path = Path.Join(Target, Path.GetRelativePath(tree, p.Path)) };
                result = result with { Problems = [.. result.Problems.Select(InTarget)], Skipped = [.. result.Skipped.Select(InTarget)] };
                if (occupied && result.Problems.Count > 0)
                {
                    // Never swap an incomplete tree over the user's data.
                    return result with { Applied = false, SafetySnapshotId = safetyId };
                }

                _phase = RestorePhase.Swapping;
                SwapIn(tree, includes);
                _phase = RestorePhase.Done;
                return result with { SafetySnapshotId = safetyId };
            }
            finally
            {
                if (Path.Exists(staging))
                {
                    StagingArea.DeleteTree(staging);
                }
            }
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<string> TakeSafetySnapshotAsync(CancellationToken cancellationToken)
    {
        if (repository is null)
        {
            throw new RestoreTargetException($"{Target} is not empty and there is no repository to keep a safety snapshot of it in: restore into an empty folder");
        }

        _phase = RestorePhase.SafetySnapshot;
        SafetyBackup = new BackupRunner(repository, new BackupOptions { Paths = [Target], Host = host, Tags = [SafetySnapshots.Tag] });
        var backup = await SafetyBackup.RunAsync(cancellationToken).ConfigureAwait(false);
        if (backup.Problems.Count > 0)
        {
            var first = backup.Problems[0];
            throw new RestoreTargetException($"the safety snapshot of {Target} could not read {backup.Problems.Count} entries (first: {first.Path}: {first.Message}); nothing was replaced");
        }

        return backup.SnapshotId;
    }

    /// <summary>Moves the finished restore into place: the whole target, or each included path within it.</summary>
    private void SwapIn(string staging, IReadOnlyList<string> includes)
    {
        if (includes.Count == 0 || !Directory.Exists(Target))
        {
            Exchange(staging, Target);
            return;
        }

        foreach (var include in includes)
        {
            // Checked again: the restore took a while, and the target is the user's to change meanwhile.
            RestoreTarget.EnsureNoLinkOnTheWay(Target, include);
            var to = Path.Combine(Target, include);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            Exchange(Path.Combine(staging, include), to);
        }
    }

    /// <summary>After this, <paramref name="to"/> holds the new tree and <paramref name="from"/> the old one (or nothing).</summary>
    private void Exchange(string from, string to)
    {
        if (Path.Exists(to))
        {
            try
            {
                OsPlatform.Current.Exchange(from, to, StagingArea.NewExchangeSpace(Target));
            }
            catch (IOException e)
            {
                throw new RestoreTargetException(e.Message, e);
            }
        }
        else if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }
}
