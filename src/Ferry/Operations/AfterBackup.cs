using Ferry.Maintenance;

namespace Ferry.Operations;

/// <summary>What follows a backup: the maximum number of backups to keep, then automatic maintenance.</summary>
public sealed record AfterBackup
{
    /// <summary>Keep only the newest this many snapshots of the device and paths; 0 keeps all.</summary>
    public int MaxBackups { get; init; }

    /// <summary>Automatic maintenance, run as this device after a backup that applied the maximum; null runs none.</summary>
    public MaintenanceOptions? Maintenance { get; init; }

    /// <summary>Run maintenance after any backup, maximum or not: scheduled backups look after the repository on their own.</summary>
    public bool MaintenanceWithoutMaximum { get; init; }
}
