using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Repository;

namespace Ferry.Operations;

/// <summary>
/// A backup as every front end runs it: the snapshot, then the maximum number of backups, then
/// automatic maintenance. The CLI, the page and the agent differ only in the options they pass.
/// </summary>
public sealed class BackupWithRetention
{
    private readonly FerryRepository _repository;
    private readonly AfterBackup _after;

    /// <summary>A backup of <paramref name="backup"/>'s paths into <paramref name="repository"/>, followed by <paramref name="after"/>; nothing happens until it runs.</summary>
    public BackupWithRetention(FerryRepository repository, BackupOptions backup, AfterBackup after)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(after);
        _repository = repository;
        _after = after;
        Runner = new BackupRunner(repository, backup);
    }

    /// <summary>The backup itself, for its progress.</summary>
    public BackupRunner Runner { get; }

    /// <summary>Told what the operation does now, after the backup ("applying maximum backups", "maintenance").</summary>
    public Action<string>? StageChanged { get; init; }

    /// <summary>Runs the three steps; the result names the snapshots the maximum removed and the maintenance report.</summary>
    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken) =>
        await ApplyAfterAsync(await Runner.RunAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The steps after <see cref="Runner"/>'s backup stored <paramref name="stored"/>, for a front end
    /// that shows the snapshot before they run.
    /// </summary>
    public async Task<BackupResult> ApplyAfterAsync(BackupResult stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var result = stored;

        // Only after a complete backup: a snapshot missing unreadable files must not push out older ones that hold them.
        var applyMaximum = _after.MaxBackups > 0 && result.Problems.Count == 0;
        if (applyMaximum)
        {
            StageChanged?.Invoke("applying maximum backups");
            var removed = await MaxBackups.ApplyAsync(_repository, result.Snapshot.Host, result.Snapshot.Paths, _after.MaxBackups, cancellationToken).ConfigureAwait(false);
            result = result with { RemovedByMaximum = removed };
        }

        if (_after.Maintenance is { } maintenance && (applyMaximum || _after.MaintenanceWithoutMaximum))
        {
            StageChanged?.Invoke("maintenance");
            result = result with { Maintenance = await new AutoMaintenance(_repository, maintenance).RunAsync(result.Snapshot.Host, cancellationToken).ConfigureAwait(false) };
        }

        return result;
    }
}
