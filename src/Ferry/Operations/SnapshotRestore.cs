using Ferry.Apps;
using Ferry.Repository;
using Ferry.Restore;

namespace Ferry.Operations;

/// <summary>Which snapshot to restore, where and how, and what to do about an app running in the target.</summary>
public sealed record SnapshotRestoreRequest
{
    /// <summary>A snapshot id, a unique prefix of it (8 or more hex digits), or <c>latest</c>.</summary>
    public required string Snapshot { get; init; }

    /// <summary>With <c>latest</c>: the newest snapshot of this device rather than of any device.</summary>
    public string? Host { get; init; }

    /// <summary>Target, replace, includes and renaming, as the engine's restore takes them.</summary>
    public required RestoreOptions Options { get; init; }

    /// <summary>The running-app rule for <see cref="RestoreOptions.Target"/>.</summary>
    public required RunningAppPolicy RunningApp { get; init; }
}

/// <summary>
/// A restore as every front end runs it: the running-app rule first, then the snapshot found
/// (<see cref="PrepareAsync"/>, for the front end to show what it is about to do), then the engine's
/// safe restore (every byte verified; a replaced folder kept as a safety snapshot first).
/// </summary>
public sealed class SnapshotRestore
{
    private readonly RestoreRunner _runner;

    private SnapshotRestore(SnapshotEntry snapshot, AppInUseException? appRunning, RestoreRunner runner)
    {
        Snapshot = snapshot;
        AppRunning = appRunning;
        _runner = runner;
    }

    /// <summary>The snapshot the request named.</summary>
    public SnapshotEntry Snapshot { get; }

    /// <summary>The app seen running in the target that the restore goes ahead despite (<see cref="RunningAppPolicy.RestoreAnyway"/>), for a warning.</summary>
    public AppInUseException? AppRunning { get; }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs.</summary>
    public RestoreProgress Progress => _runner.Progress;

    /// <summary>
    /// Applies the running-app rule (throwing its refusal) and finds the snapshot; nothing is written yet.
    /// </summary>
    public static async Task<SnapshotRestore> PrepareAsync(FerryRepository repository, SnapshotRestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(request);
        // Checked before the snapshot is looked up: no request to make before the person quits the app.
        var appRunning = request.RunningApp.Check(request.Options.Target);
        var entry = await repository.FindSnapshotAsync(request.Snapshot, request.Host, cancellationToken).ConfigureAwait(false);
        return new SnapshotRestore(entry, appRunning, new RestoreRunner(repository, entry, request.Options));
    }

    /// <summary>Restores the snapshot.</summary>
    public Task<RestoreResult> RunAsync(CancellationToken cancellationToken) => _runner.RunAsync(cancellationToken);
}
