namespace Ferry.Maintenance;

/// <summary>One damaged or missing object, what is wrong with it, and which snapshots and files it affects.</summary>
public sealed record CheckProblem(string Key, string Message)
{
    /// <summary>"snapshot-short-id: path" for every file (or folder) that cannot be restored as stored.</summary>
    public IReadOnlyList<string> Affected { get; init; } = [];
}

/// <summary>What a check looked at and what it found.</summary>
public sealed record CheckResult(int Snapshots, int Packs, int PacksRead, long BytesRead, IReadOnlyList<CheckProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>How thorough a check is.</summary>
public sealed record CheckOptions
{
    /// <summary>Percent of packs to download and verify (0: structure only, 100: everything).</summary>
    public double ReadDataPercent { get; init; }

    /// <summary>How long to wait for a prune holding the repository's exclusive lock.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(10);
}
