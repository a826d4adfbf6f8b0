using Ferry.Errors;
using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Operations;

/// <summary>What a connection test found at the location once the store worked.</summary>
public enum RepositoryFound
{
    /// <summary>No repository yet: the first backup creates one.</summary>
    NoneYet,

    /// <summary>A repository, and the password opens it.</summary>
    Opens,

    /// <summary>A repository (or something in the way of finding one) that could not be opened; see the failure.</summary>
    DoesNotOpen,
}

/// <summary>The repository step of a connection test.</summary>
public sealed record RepositoryFinding(RepositoryFound Found, string? RepositoryId = null, FerryException? Failure = null);

/// <summary>The store's steps, then the repository's; <see cref="Repository"/> is null when a store step failed.</summary>
public sealed record ConnectionReport(ProbeReport Store, RepositoryFinding? Repository)
{
    /// <summary>True when every step passed: the settings back up and restore as they are.</summary>
    public bool Ok => Store.Ok && Repository is { Found: not RepositoryFound.DoesNotOpen };
}

/// <summary>
/// "Test connection" and <c>ferry config test</c>: the store's probe (reach, sign in, write, read, list,
/// delete), then whether a repository is there and whether the password opens it. Creates nothing.
/// </summary>
public static class ConnectionTest
{
    /// <summary>Runs the probe, then the repository step when the store worked.</summary>
    public static async Task<ConnectionReport> RunAsync(IObjectStore store, PasswordSource password, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        var probe = await StoreProbe.RunAsync(store, cancellationToken).ConfigureAwait(false);
        return probe.Ok
            ? new ConnectionReport(probe, await FindRepositoryAsync(store, password, time, cancellationToken).ConfigureAwait(false))
            : new ConnectionReport(probe, null);
    }

    private static async Task<RepositoryFinding> FindRepositoryAsync(IObjectStore store, PasswordSource password, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            if (!await FerryRepository.IsInitializedAsync(store, cancellationToken).ConfigureAwait(false))
            {
                return new RepositoryFinding(RepositoryFound.NoneYet);
            }

            // No cache: a test must see what the bucket holds now, and leaves nothing on this computer.
            var repository = await FerryRepository.OpenAsync(store, password.Get(creating: false), time, cancellationToken).ConfigureAwait(false);
            return new RepositoryFinding(RepositoryFound.Opens, repository.Id);
        }
        catch (FerryException e)
        {
            return new RepositoryFinding(RepositoryFound.DoesNotOpen, Failure: e);
        }
    }
}
