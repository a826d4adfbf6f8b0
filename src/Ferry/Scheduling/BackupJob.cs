using Ferry.Backup;
using Ferry.Configuration;
using Ferry.Errors;

namespace Ferry.Scheduling;

/// <summary>
/// One backup as the page and the agent run it: the configured folder, this device's name, into the
/// configured repository (created on first use), then retention.
/// </summary>
internal static class BackupJob
{
    public static async Task<BackupResult> RunAsync(SettingsSource source, RunningBackup run, CancellationToken cancellationToken)
    {
        var plan = AutoBackupPlan.From(source.Load());
        if (string.IsNullOrEmpty(plan.SourceFolder))
        {
            throw new FerryException("no folder to back up: set 'Folder to back up' in the page's settings");
        }

        run.SetStage("opening the repository");
        var settings = source.Resolve();
        var repository = await source.OpenOrInitAsync(cancellationToken).ConfigureAwait(false);
        var runner = new BackupRunner(repository, new BackupOptions
        {
            Paths = [plan.SourceFolder],
            Host = settings.Host.Value!,
            // PENDING(apps): with plan.Lite, Excludes = Ferry.Apps.AppPresets' LiteExcludes (see PendingFeatures.LiteApplied).
            Excludes = [],
        });
        run.Attach(runner);
        run.SetStage("backing up");
        var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);

        // PENDING(maintenance): when plan.MaxBackups > 0, call
        // Ferry.Maintenance.MaxBackups.ApplyAsync(repository, settings.Host.Value!, result.Snapshot.Paths, plan.MaxBackups, cancellationToken)
        // here (see PendingFeatures.MaxBackupsApplied). Until it lands no snapshot is removed.
        return result;
    }
}
