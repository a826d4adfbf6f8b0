using Ferry.Backup;
using Ferry.Configuration;
using Ferry.Operations;

namespace Ferry.Scheduling;

/// <summary>
/// One backup as the page and the agent run it: the configured folder (or app) without what its app
/// preset skips, this device's name, into the configured repository (created on first use), then the
/// maximum number of backups, and maintenance after it or after any scheduled backup.
/// </summary>
internal static class BackupJob
{
    public static async Task<BackupResult> RunAsync(SettingsSource source, RunningBackup run, CancellationToken cancellationToken)
    {
        var saved = source.Load();
        var plan = AutoBackupPlan.From(saved);
        var selection = plan.ResolveBackup(source);
        run.SetStage("opening the repository");
        var settings = source.Resolve();
        var repository = await source.OpenOrInitAsync(cancellationToken).ConfigureAwait(false);
        var backup = new BackupWithRetention(
            repository,
            new BackupOptions { Paths = selection.Folders, Host = settings.Host.Value!, Excludes = selection.Excludes },
            new AfterBackup
            {
                MaxBackups = plan.MaxBackups,
                Maintenance = MaintenanceSettings.OptionsIfEnabled(saved),
                MaintenanceWithoutMaximum = run.Trigger == BackupTrigger.Scheduled,
            })
        {
            StageChanged = run.SetStage,
        };
        run.Attach(backup.Runner);
        run.SetStage("backing up");
        return await backup.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
