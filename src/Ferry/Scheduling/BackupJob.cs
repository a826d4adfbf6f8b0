using Ferry.Backup;
using Ferry.Configuration;
using Ferry.Maintenance;

namespace Ferry.Scheduling;

/// <summary>
/// One backup as the page and the agent run it: the configured folder (or app) without what its app
/// preset skips, this device's name, into the configured repository (created on first use), then retention.
/// </summary>
internal static class BackupJob
{
    public static async Task<BackupResult> RunAsync(SettingsSource source, RunningBackup run, CancellationToken cancellationToken)
    {
        var plan = AutoBackupPlan.From(source.Load());
        var selection = plan.ResolveBackup(source);
        run.SetStage("opening the repository");
        var settings = source.Resolve();
        var repository = await source.OpenOrInitAsync(cancellationToken).ConfigureAwait(false);
        var runner = new BackupRunner(repository, new BackupOptions
        {
            Paths = selection.Folders,
            Host = settings.Host.Value!,
            Excludes = selection.Excludes,
        });
        run.Attach(runner);
        run.SetStage("backing up");
        var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);

        // Only after a complete backup: a snapshot missing unreadable files must not push out older ones that hold them.
        if (plan.MaxBackups > 0 && result.Problems.Count == 0)
        {
            run.SetStage("applying maximum backups");
            await MaxBackups.ApplyAsync(repository, settings.Host.Value!, result.Snapshot.Paths, plan.MaxBackups, cancellationToken).ConfigureAwait(false);
        }

        var saved = source.Load();
        if (MaintenanceSettings.IsEnabled(saved) && (plan.MaxBackups > 0 || run.Trigger == BackupTrigger.Scheduled))
        {
            run.SetStage("maintenance");
            result = result with { Maintenance = await new AutoMaintenance(repository, MaintenanceSettings.OptionsOf(saved)).RunAsync(settings.Host.Value!, cancellationToken).ConfigureAwait(false) };
        }

        return result;
    }
}
