using Ferry.Repository;

namespace Ferry.Restore;

/// <summary>The snapshots a restore takes of what it replaces: the undo of a restore.</summary>
public static class SafetySnapshots
{
    public const string Tag = "pre-restore";

    /// <summary>Retention never removes a safety snapshot younger than this.</summary>
    public static readonly TimeSpan ProtectedFor = TimeSpan.FromDays(1);

    public static bool IsProtected(SnapshotEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Snapshot.Tags.Contains(Tag) && now - entry.Snapshot.Time < ProtectedFor;
    }
}
