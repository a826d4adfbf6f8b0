using Ferry.Maintenance;

namespace Ferry.Cli.Rendering;

/// <summary><c>stats --json</c>: where the bucket's bytes go, and automatic maintenance's state.</summary>
internal sealed record StatsJson(
    long RepositoryBytes,
    long PackBytes,
    int Packs,
    long MetadataBytes,
    long OtherBytes,
    IReadOnlyList<DeviceJson> Devices,
    long SharedBytes,
    long ReclaimableBytes,
    MaintenanceJson Maintenance)
{
    public static StatsJson From(StorageReport report, bool enabled, int thresholdPercent) => new(
        report.RepositoryBytes,
        report.PackBytes,
        report.Packs,
        report.MetadataBytes,
        report.OtherBytes,
        [.. report.Devices.Select(d => new DeviceJson(d.Host, d.Snapshots, d.Bytes, d.OnlyThisDevice))],
        report.SharedBytes,
        report.ReclaimableBytes,
        new MaintenanceJson(enabled, thresholdPercent, report.TriggerBytes, report.Maintenance?.Owner, report.Maintenance?.LastRun, report.Maintenance?.LastPrune, report.Maintenance?.LastVerify));
}

internal sealed record DeviceJson(string Host, int Snapshots, long Bytes, long OnlyThisDevice);

/// <summary>Whether this device runs maintenance, what starts a prune, and the repository's record of the last runs.</summary>
internal sealed record MaintenanceJson(bool Enabled, int ThresholdPercent, long TriggerBytes, string? Owner, DateTimeOffset? LastRun, PruneRun? LastPrune, VerifyRun? LastVerify);

/// <summary><c>delete --json</c>: the snapshots deleted, the bytes only they used, and when those are removed.</summary>
internal sealed record DeleteJson(IReadOnlyList<string> Deleted, long FreedBytes, bool FreedNow, string Message);
