using Ferry.Repository;
using Ferry.Repository.Snapshots;

namespace Ferry.Backup;

/// <summary>The stored snapshot, and the files that could not be read (they are not in it).</summary>
public sealed record BackupResult(string SnapshotId, Snapshot Snapshot, string? ParentId, IReadOnlyList<FileProblem> Problems)
{
    /// <summary>The first eight hex characters of the snapshot id, as shown to people.</summary>
    public string ShortId => SnapshotId[..8];

    /// <summary>Older snapshots the maximum number of backups removed after this one.</summary>
    public IReadOnlyList<SnapshotEntry> RemovedByMaximum { get; init; } = [];

    /// <summary>The automatic maintenance run after the backup, if one ran.</summary>
    public Maintenance.MaintenanceReport? Maintenance { get; init; }
}

/// <summary>A file the backup could not store as it was, and why.</summary>
public sealed record FileProblem(string Path, string Message);
