namespace Ferry.Maintenance;

/// <summary>How automatic maintenance behaves; the defaults are what Ferry uses unless settings say otherwise.</summary>
public sealed record MaintenanceOptions
{
    /// <summary>How much unused data starts a prune.</summary>
    public UnusedThreshold Threshold { get; init; } = new();

    /// <summary>How often a random share of the packs is downloaded and verified.</summary>
    public TimeSpan VerifyEvery { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The share verified each time: over weeks, most of a repository gets read.</summary>
    public double VerifyPercent { get; init; } = 2;

    /// <summary>An owner silent for this long (retired, lost) is replaced by the next device that runs maintenance.</summary>
    public TimeSpan TakeOverAfter { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long to wait for other devices' backups. Short: maintenance is never urgent, and a device
    /// waiting for the exclusive lock holds up nobody's backup; it runs again after a later backup.
    /// </summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(30);
}
