namespace Ferry.Restore;

/// <summary>Where and what to restore.</summary>
public sealed record RestoreOptions
{
    /// <summary>The folder to restore into: missing or empty.</summary>
    public required string Target { get; init; }

    /// <summary>Paths inside the snapshot to restore (all when empty); '/'-separated, relative to what lands in the target.</summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    /// <summary>Packs downloaded at the same time.</summary>
    public int DownloadParallelism { get; init; } = 4;
}

/// <summary>What a restore wrote, and the files it could not restore (they are not left half-written).</summary>
public sealed record RestoreResult(long Files, long Dirs, long Bytes, IReadOnlyList<Backup.FileProblem> Problems);

/// <summary>A moment's view of a running restore.</summary>
public readonly record struct RestoreProgress(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, long BytesDownloaded);
