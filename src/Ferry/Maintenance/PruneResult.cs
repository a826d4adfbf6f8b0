namespace Ferry.Maintenance;

/// <summary>What a prune found and did. Sizes are stored (compressed, encrypted) bytes.</summary>
public sealed record PruneResult
{
    public int Snapshots { get; init; }

    public int PacksBefore { get; init; }

    public long BytesBefore { get; init; }

    /// <summary>Bytes no snapshot needed: unused blobs in packs, and packs in no index (left by interrupted backups).</summary>
    public long UnreferencedBytes { get; init; }

    public int PacksDeleted { get; init; }

    public int PacksRepacked { get; init; }

    public int PacksWritten { get; init; }

    /// <summary>Bytes of packs removed minus bytes of the new packs the still-used blobs were moved into.</summary>
    public long BytesReclaimed { get; init; }

    public long BytesAfter { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The unused bytes did not pass the threshold of <see cref="PruneOptions.Threshold"/>, so nothing was changed.</summary>
    public bool BelowThreshold { get; init; }
}
