namespace Ferry.Maintenance;

/// <summary>What a prune found and did. Sizes are stored (compressed, encrypted) bytes.</summary>
public sealed record PruneResult
{
    /// <summary>Snapshots the prune kept the data of.</summary>
    public int Snapshots { get; init; }

    /// <summary>Packs stored before the prune.</summary>
    public int PacksBefore { get; init; }

    /// <summary>Bytes stored in packs before the prune.</summary>
    public long BytesBefore { get; init; }

    /// <summary>Bytes no snapshot needed: unused blobs in packs, and packs in no index (left by interrupted backups).</summary>
    public long UnreferencedBytes { get; init; }

    /// <summary>Packs deleted because no snapshot needed anything in them.</summary>
    public int PacksDeleted { get; init; }

    /// <summary>Packs whose still-used blobs were moved into new packs before they were deleted.</summary>
    public int PacksRepacked { get; init; }

    /// <summary>New packs the repacked blobs went into.</summary>
    public int PacksWritten { get; init; }

    /// <summary>Bytes of packs removed minus bytes of the new packs the still-used blobs were moved into.</summary>
    public long BytesReclaimed { get; init; }

    /// <summary>Bytes stored in packs after the prune.</summary>
    public long BytesAfter { get; init; }

    /// <summary>True when nothing was changed: the result is what a prune would do.</summary>
    public bool DryRun { get; init; }

    /// <summary>The unused bytes did not pass the threshold of <see cref="PruneOptions.Threshold"/>, so nothing was changed.</summary>
    public bool BelowThreshold { get; init; }
}
