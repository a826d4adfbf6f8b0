using Ferry.Configuration;
using Ferry.Scheduling;
using Ferry.Web.Operations;

namespace Ferry.Web;

/// <summary>What the endpoints share: the settings, the backups, and the one long operation the page runs.</summary>
internal sealed class WebServices(WebHostOptions options, CancellationToken shutdown)
{
    public SettingsSource Settings { get; } = options.Settings;

    public BackupCoordinator Backups { get; } = options.Backups;

    public AutoBackupScheduler? Scheduler { get; } = options.Scheduler;

    public BackupTracker Finished { get; } = new(options.Backups, options.Settings.Time);

    public OperationSlot Operations { get; } = new(options.Settings.Time);

    public TimeProvider Time => Settings.Time;

    /// <summary>Cancelled when the page's server stops: backups and restores it started stop too.</summary>
    public CancellationToken Shutdown { get; } = shutdown;
}
