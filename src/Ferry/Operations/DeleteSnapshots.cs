using Ferry.Maintenance;
using Ferry.Repository;

namespace Ferry.Operations;

/// <summary>What a delete did: the snapshots, the stored bytes only they needed, and the maintenance run after it, if any.</summary>
public sealed record DeleteResult(IReadOnlyList<SnapshotEntry> Deleted, long FreedBytes, MaintenanceReport? Maintenance)
{
    /// <summary>What the deletion frees and when, for the front end to word.</summary>
    public FreedSpace Freed => FreedSpace.Of(FreedBytes, Maintenance);
}

/// <summary>Deleting snapshots as the CLI and the page do it: every id resolved first, what it frees measured, then maintenance.</summary>
public static class DeleteSnapshots
{
    /// <summary>
    /// Resolves every reference before deleting any, so a typo in the last deletes nothing; measures
    /// what the deletion frees; deletes (telling <paramref name="deleted"/> after each); then, when it
    /// freed something and <paramref name="maintenance"/> is given, runs automatic maintenance as
    /// device <paramref name="host"/>.
    /// </summary>
    public static async Task<DeleteResult> RunAsync(FerryRepository repository, IReadOnlyList<string> references, string host, MaintenanceOptions? maintenance, Action<SnapshotEntry>? deleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(references);
        // One listing for every reference and for what the deletion frees: a request per id is a round trip each.
        var all = await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        List<SnapshotEntry> entries = [.. references.Select(r => FerryRepository.FindSnapshot(all, r, null)).DistinctBy(e => e.Id)];
        var freed = await StorageUsage.FreedByDeletingAsync(repository, all, entries, cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await repository.DeleteSnapshotAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            deleted?.Invoke(entry);
        }

        var report = freed > 0 && maintenance is not null
            ? await new AutoMaintenance(repository, maintenance).RunAsync(host, cancellationToken).ConfigureAwait(false)
            : null;
        return new DeleteResult(entries, freed, report);
    }
}
