namespace Ferry.Scheduling;

/// <summary>
/// Parts of the page's contract whose engine APIs are being built in parallel and are not in this
/// branch yet. The page shows each as "pending" rather than pretending; each flag names the call
/// site to switch on when the API lands.
/// </summary>
public static class PendingFeatures
{
    /// <summary>
    /// "Maximum backups": <c>Ferry.Maintenance.MaxBackups.ApplyAsync(repository, host, paths, keep, ct)</c>,
    /// called in <see cref="BackupJob"/> after a successful backup. Until then the setting is stored
    /// and no snapshot is removed.
    /// </summary>
    public static bool MaxBackupsApplied => true;

    /// <summary>
    /// "Lightweight backup": the excludes of <c>Ferry.Apps.AppPresets</c> (LiteExcludes), passed as
    /// <c>BackupOptions.Excludes</c> in <see cref="BackupJob"/>. Until then the toggle is stored and a
    /// backup is a full one.
    /// </summary>
    public static bool LiteApplied => false;

    /// <summary>
    /// Restoring into the backed-up folder itself: <c>RestoreOptions.Replace = true</c> (safety
    /// snapshot, staging folder, swap), called by the page's restore endpoint. Until then the page
    /// restores into another, empty folder only.
    /// </summary>
    public static bool ReplaceRestore => true;
}
