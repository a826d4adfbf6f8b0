using Ferry.Maintenance;
using Ferry.Repository;

namespace Ferry.Operations;

/// <summary>One device's snapshots of one set of paths, and what the policy decided for each, newest first.</summary>
public sealed record RetentionGroup(string Host, IReadOnlyList<string> Paths, IReadOnlyList<RetentionDecision> Decisions);

/// <summary>What a forget decided and how many snapshots it removed (none in a dry run).</summary>
public sealed record ForgetResult(IReadOnlyList<RetentionGroup> Groups, int Removed);

/// <summary>Removing snapshots by a retention policy (restic's rules), per device and set of paths.</summary>
public static class ForgetSnapshots
{
    /// <summary>
    /// Applies <paramref name="policy"/> to each group of snapshots (of device <paramref name="host"/>,
    /// or of every device when null) and removes what it does not keep, unless <paramref name="dryRun"/>.
    /// <paramref name="decided"/> is told each group's decisions before its snapshots are removed, so a
    /// failure part way leaves the person knowing what was meant. The data they used stays until a prune.
    /// </summary>
    public static async Task<ForgetResult> RunAsync(FerryRepository repository, RetentionPolicy policy, string? host, bool dryRun, TimeProvider time, Action<RetentionGroup>? decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsEmpty)
        {
            // Keeping nothing by default would remove every snapshot: an empty policy is a mistake, never a wish.
            throw new ArgumentException("a retention policy needs at least one rule", nameof(policy));
        }

        var snapshots = (await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Where(s => host is null || s.Snapshot.Host == host);
        List<RetentionGroup> groups = [];
        var removed = 0;
        foreach (var members in SnapshotGroups.ByHostAndPaths(snapshots))
        {
            var first = members.First().Snapshot;
            var group = new RetentionGroup(first.Host, first.Paths, policy.Apply(members, time));
            groups.Add(group);
            decided?.Invoke(group);
            foreach (var decision in group.Decisions.Where(d => !d.Keep && !dryRun))
            {
                await repository.DeleteSnapshotAsync(decision.Snapshot.Id, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        return new ForgetResult(groups, removed);
    }
}
