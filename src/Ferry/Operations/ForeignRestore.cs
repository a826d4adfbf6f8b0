using Ferry.Apps;
using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage;

namespace Ferry.Operations;

/// <summary>
/// Restoring a foreign backup (an app's own zip beside the repository) as every front end does it:
/// the running-app rule first; a repository only when replacing, where the safety snapshot of what
/// the folder held goes, so a first restore into an empty folder works before any Ferry repository exists.
/// </summary>
public sealed class ForeignRestore
{
    private readonly ForeignRestorer _restorer;

    private ForeignRestore(AppInUseException? appRunning, ForeignRestorer restorer)
    {
        AppRunning = appRunning;
        _restorer = restorer;
    }

    /// <summary>The app seen running in the target that the restore goes ahead despite (<see cref="RunningAppPolicy.RestoreAnyway"/>), for a warning.</summary>
    public AppInUseException? AppRunning { get; }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs.</summary>
    public RestoreProgress Progress => _restorer.Progress;

    /// <summary>True once the archive turned out to be in the older format (<c>data.json</c>) that only the app's own restore can load.</summary>
    public bool IsLegacy => _restorer.IsLegacy;

    /// <summary>
    /// Applies the running-app rule (throwing its refusal) and, only when replacing, opens or creates the
    /// repository with <paramref name="openOrCreate"/>; nothing is written yet.
    /// </summary>
    /// <param name="store">Where the zip is.</param>
    /// <param name="key">The zip's key under the root.</param>
    /// <param name="options">Target, replace and host.</param>
    /// <param name="runningApp">The running-app rule for the target.</param>
    /// <param name="openOrCreate">The repository the safety snapshot goes to; called only when replacing.</param>
    /// <param name="cancellationToken">Stops opening the repository.</param>
    public static async Task<ForeignRestore> PrepareAsync(IObjectStore store, string key, RestoreOptions options, RunningAppPolicy runningApp, Func<CancellationToken, Task<FerryRepository>> openOrCreate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runningApp);
        ArgumentNullException.ThrowIfNull(openOrCreate);
        var appRunning = runningApp.Check(options.Target);
        var repository = options.Replace ? await openOrCreate(cancellationToken).ConfigureAwait(false) : null;
        return new ForeignRestore(appRunning, new ForeignRestorer(store, key, options, repository));
    }

    /// <summary>Restores the archive, every entry checked against its CRC-32.</summary>
    public Task<RestoreResult> RunAsync(CancellationToken cancellationToken) => _restorer.RunAsync(cancellationToken);
}
