namespace Ferry.Maintenance;

/// <summary>
/// When automatic maintenance prunes: once the bytes no snapshot needs pass <see cref="Percent"/> of
/// the stored packs, or <see cref="CapBytes"/>, whichever is smaller. It then repacks until at most
/// half of that is left, so it does not run again after the very next backup.
/// </summary>
/// <remarks>
/// 5% rather than the 10% kopia and restic use: a device keeping two backups holds its data plus one
/// backup's changes (a few percent), so 5% of waste keeps the bucket within about 1.1× of one fresh
/// backup, where 10% could pass 1.15×. The cap keeps a large repository (10 GB: 50 MB, 0.5%) from
/// collecting gigabytes of waste; each run then copies only the most wasteful packs.
/// </remarks>
public sealed record UnusedThreshold
{
    /// <summary>The percent used unless settings say otherwise (see the remarks for why 5).</summary>
    public const int DefaultPercent = 5;

    /// <summary>The cap used unless settings say otherwise: 50 MiB.</summary>
    public const long DefaultCapBytes = 50L * 1024 * 1024;

    /// <summary>Percent of the stored packs (1 to 50).</summary>
    public int Percent { get; init; } = DefaultPercent;

    /// <summary>Unused bytes that start a prune however large the repository is.</summary>
    public long CapBytes { get; init; } = DefaultCapBytes;

    /// <summary>Unused bytes above this start a prune.</summary>
    public long TriggerFor(long storedBytes) => Math.Min(storedBytes * Percent / 100, CapBytes);

    /// <summary>How many unused bytes a prune it starts may leave behind.</summary>
    public long LeaveAtMost(long storedBytes) => TriggerFor(storedBytes) / 2;
}
