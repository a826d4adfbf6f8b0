namespace Ferry.Restore;

/// <summary>Where and what to restore.</summary>
public sealed record RestoreOptions
{
    /// <summary>The folder to restore into.</summary>
    public required string Target { get; init; }

    /// <summary>Paths inside the snapshot to restore (all when empty); '/'-separated, relative to what lands in the target.</summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    /// <summary>
    /// Replace a non-empty target: a safety snapshot of it is stored first (tag <c>pre-restore</c>),
    /// the restore is written beside it and swapped in only when complete. With <see cref="Includes"/>,
    /// only those paths of the target are replaced. Without this, a non-empty target is refused.
    /// </summary>
    public bool Replace { get; init; }

    /// <summary>
    /// Restore entries whose names the target cannot hold (Windows' reserved characters and device
    /// names, a trailing dot or space, names that are not UTF-8 where names must be text, two names the
    /// target takes for one) under names it can hold, listed in <see cref="RestoreResult.Renames"/> and
    /// in <see cref="Ferry.Names.RenameManifest"/> at the top of the target. Without this such a restore is
    /// refused before anything is written (<see cref="Names.UnsafeNamesException"/>).
    /// </summary>
    public bool RenameUnsafe { get; init; }

    /// <summary>The device name recorded in the safety snapshot.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>Pieces of packs (ranged reads of up to 2 MiB) downloaded at the same time: as many as the store's connections.</summary>
    public int DownloadParallelism { get; init; } = 8;

    /// <summary>Files planned and written per batch: what bounds a restore's memory, whatever the number of files.</summary>
    public int BatchFiles { get; init; } = RestoreWalk.MaxBatchFiles;

    /// <summary>How long to wait for a prune running elsewhere to finish.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// What a restore wrote, and the files it could not restore (they are not left half-written).
/// <see cref="Applied"/> is false when a replace was abandoned because the restore was incomplete:
/// the target was left exactly as it was.
/// </summary>
public sealed record RestoreResult(long Files, long Dirs, long Bytes, IReadOnlyList<Backup.FileProblem> Problems)
{
    /// <summary>False when a replace was abandoned because the restore was incomplete: the target was left as it was.</summary>
    public bool Applied { get; init; } = true;

    /// <summary>
    /// Entries of the snapshot this computer cannot hold (symbolic links where Windows does not allow
    /// them): listed and left out, the rest restored. Unlike <see cref="Problems"/> they do not stop
    /// a replace: the restore is complete apart from them, and the safety snapshot keeps the old data.
    /// </summary>
    public IReadOnlyList<Backup.FileProblem> Skipped { get; init; } = [];

    /// <summary>The <c>pre-restore</c> snapshot of what the target held before it was replaced.</summary>
    public string? SafetySnapshotId { get; init; }

    /// <summary>Entries restored under other names because the target cannot hold theirs (<see cref="RestoreOptions.RenameUnsafe"/>).</summary>
    public IReadOnlyList<Ferry.Names.NameRename> Renames { get; init; } = [];
}

/// <summary>What a restore is doing now.</summary>
public enum RestorePhase
{
    /// <summary>Reading the snapshot and planning the files.</summary>
    Preparing,
    /// <summary>Backing up the folder about to be replaced.</summary>
    SafetySnapshot,
    /// <summary>Writing and verifying the files.</summary>
    Restoring,
    /// <summary>Putting the restored folder in place of the old one.</summary>
    Swapping,
    /// <summary>Finished.</summary>
    Done,
}

/// <summary>A moment's view of a running restore.</summary>
public readonly record struct RestoreProgress(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, long BytesDownloaded)
{
    /// <summary>What the restore is doing now.</summary>
    public RestorePhase Phase { get; init; }

    /// <summary>The writer's progress, or the safety snapshot's while that runs.</summary>
    internal static RestoreProgress Of(SafeRestore safe, RestoreProgress writing) =>
        safe.Phase == RestorePhase.SafetySnapshot && safe.SafetyBackup is { } backup
            ? new RestoreProgress(backup.Progress.FilesDone, backup.Progress.FilesTotal, backup.Progress.BytesDone, backup.Progress.BytesTotal, 0) { Phase = safe.Phase }
            : writing with { Phase = safe.Phase };
}
