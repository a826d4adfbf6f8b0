using Ferry.Errors;
using Ferry.Repository;
using Ferry.Repository.Locks;

namespace Ferry.Maintenance;

/// <summary>
/// Automatic maintenance, as kopia does it: one device of a repository (its owner, recorded in the
/// <see cref="MaintenanceRecord"/>) prunes once the data no snapshot needs passes a threshold, and now
/// and then verifies a random share of the packs. Run after a backup that applied a maximum, after a
/// delete, and by the agent. The prune holds the exclusive lock, so it never races a backup; when
/// another device is working it waits briefly and otherwise leaves the work for a later run.
/// </summary>
public sealed class AutoMaintenance(FerryRepository repository, MaintenanceOptions options)
{
    /// <summary>Runs maintenance as device <paramref name="host"/> (its name as its snapshots record it), or leaves it to the owner.</summary>
    public async Task<MaintenanceReport> RunAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(host);
        var record = await MaintenanceRecord.LoadAsync(repository, cancellationToken).ConfigureAwait(false) ?? new MaintenanceRecord();
        if (record.Owner is { } owner && owner != host && repository.Time.GetUtcNow() - (record.LastRun ?? DateTimeOffset.MinValue) < options.TakeOverAfter)
        {
            return new MaintenanceReport(MaintenanceOutcome.LeftToOwner, owner, null, null);
        }

        PruneResult prune;
        try
        {
            prune = await new Pruner(repository, new PruneOptions { Threshold = options.Threshold, LockWait = options.LockWait }).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryLockedException)
        {
            return new MaintenanceReport(MaintenanceOutcome.Busy, record.Owner ?? host, null, null);
        }
        catch (FerryException e)
        {
            // A damaged snapshot or pack stops the prune before it deletes anything; the user must see why.
            return new MaintenanceReport(MaintenanceOutcome.Failed, record.Owner ?? host, null, null, e.Message.ReplaceLineEndings(" "));
        }

        var now = repository.Time.GetUtcNow();
        record = record with { Owner = host, LastRun = now };
        if (!prune.BelowThreshold && prune.PacksDeleted + prune.PacksRepacked > 0)
        {
            record = record with { LastPrune = new PruneRun { Time = now, Host = host, Reclaimed = prune.BytesReclaimed, StoredAfter = prune.BytesAfter } };
        }

        var verify = await VerifyIfDueAsync(record, now, cancellationToken).ConfigureAwait(false);
        if (verify is not null)
        {
            record = record with
            {
                LastVerify = new VerifyRun
                {
                    Time = now,
                    Host = host,
                    PacksRead = verify.PacksRead,
                    BytesRead = verify.BytesRead,
                    Problems = verify.Problems.Count,
                    FirstProblem = verify.Problems.Count == 0 ? null : $"{verify.Problems[0].Key} {verify.Problems[0].Message}",
                },
            };
        }

        await record.SaveAsync(repository, cancellationToken).ConfigureAwait(false);
        return new MaintenanceReport(MaintenanceOutcome.Ran, host, prune, verify) { TriggerBytes = options.Threshold.TriggerFor(prune.BytesBefore) };
    }

    /// <summary>Verifies a random share of the packs when the last verification is old enough; null when not due or busy.</summary>
    private async Task<CheckResult?> VerifyIfDueAsync(MaintenanceRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.VerifyPercent <= 0 || (record.LastVerify is { } last && now - last.Time < options.VerifyEvery))
        {
            return null;
        }

        try
        {
            // Last: a check reads the bucket from now on, bypassing this repository's local cache.
            return await new Checker(repository, new CheckOptions { ReadDataPercent = options.VerifyPercent, LockWait = options.LockWait }).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryLockedException)
        {
            return null;
        }
    }
}
