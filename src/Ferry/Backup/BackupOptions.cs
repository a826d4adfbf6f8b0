namespace Ferry.Backup;

/// <summary>What to back up and how to label it.</summary>
public sealed record BackupOptions
{
    /// <summary>Folders or files to back up; made absolute before use.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The device name recorded in the snapshot.</summary>
    public required string Host { get; init; }

    /// <summary>Labels stored with the snapshot (<c>--tag</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Glob patterns: without '/' they match any entry's name, with '/' the path below a source folder.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>Files read and chunked at the same time.</summary>
    public int FileParallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Workers that compress and encrypt.</summary>
    public int SealParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Packs uploaded at the same time.</summary>
    public int UploadParallelism { get; init; } = 4;

    /// <summary>How long to wait for a prune running elsewhere to finish.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(10);
}
