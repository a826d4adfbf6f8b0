using Ferry.Repository;
using Ferry.Repository.Snapshots;

namespace Ferry.Maintenance;

/// <summary>
/// The seed's "maximum backups": after a successful backup, keep the newest N snapshots of this
/// device and these paths. Other devices' snapshots, and safety snapshots younger than a day, are
/// never touched (nor counted).
/// </summary>
public static class MaxBackups
{
    /// <returns>The snapshots removed.</returns>
    public static async Task<IReadOnlyList<SnapshotEntry>> ApplyAsync(FerryRepository repository, string host, IReadOnlyList<string> paths, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(paths);
        if (keep <= 0)
        {
            return [];
        }

        var now = repository.Time.GetUtcNow();
        var group = SnapshotGroups.KeyOf(host, paths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))));
        var candidates = (await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => SnapshotGroups.KeyOf(s) == group && !SafetySnapshots.IsProtected(s, now))
            .OrderByDescending(s => s.Snapshot.Time)
            .Skip(keep)
            .ToList();
        foreach (var old in candidates)
        {
            await repository.DeleteSnapshotAsync(old.Id, cancellationToken).ConfigureAwait(false);
        }

        return candidates;
    }
}
