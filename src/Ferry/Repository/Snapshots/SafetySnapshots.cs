namespace Ferry.Repository.Snapshots;

/// <summary>
/// The snapshots a restore takes of what it replaces: the undo of a restore. Here, beside the snapshot
/// format, because retention and maintenance honour their tag as much as the restore that writes it.
/// </summary>
public static class SafetySnapshots
{
    /// <summary>The tag of the snapshot a restore with <c>--replace</c> stores before it replaces a folder.</summary>
    public const string Tag = "pre-restore";

    /// <summary>Retention never removes a safety snapshot younger than this.</summary>
    public static readonly TimeSpan ProtectedFor = TimeSpan.FromDays(1);

    /// <summary>True for a safety snapshot younger than a day at <paramref name="now"/>: retention never removes it.</summary>
    public static bool IsProtected(SnapshotEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Snapshot.Tags.Contains(Tag) && now - entry.Snapshot.Time < ProtectedFor;
    }
}
