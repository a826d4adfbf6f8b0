using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Operations;

/// <summary>A repository that is open, and whether this call created it (worth telling the user: its password is now the only key).</summary>
public sealed record OpenedRepository(FerryRepository Repository, bool Created);

/// <summary>Opening a repository as every front end does it: with the device's cache, and created on first use.</summary>
public static class RepositoryAccess
{
    /// <summary>
    /// Opens the repository in <paramref name="store"/>, creating it first when the location holds none:
    /// a first backup needs no set-up. <paramref name="cacheDirectory"/> null runs without the local cache.
    /// </summary>
    public static async Task<OpenedRepository> OpenOrCreateAsync(IObjectStore store, PasswordSource password, string host, TimeProvider time, string? cacheDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(password);
        if (!password.AsksPerson)
        {
            // Opening finds out whether there is a repository: no request of its own to ask first (and a
            // missing password fails before any request).
            try
            {
                return new(await FerryRepository.OpenAsync(store, password.Get(creating: false), time, cacheDirectory, cancellationToken).ConfigureAwait(false), false);
            }
            catch (RepositoryNotInitializedException)
            {
                return new(await FerryRepository.InitAsync(store, password.Get(creating: true), host, time, cacheDirectory, cancellationToken).ConfigureAwait(false), true);
            }
        }

        // A password a person types is asked twice for a new repository: find out which it is first.
        return await FerryRepository.IsInitializedAsync(store, cancellationToken).ConfigureAwait(false)
            ? new(await FerryRepository.OpenAsync(store, password.Get(creating: false), time, cacheDirectory, cancellationToken).ConfigureAwait(false), false)
            : new(await FerryRepository.InitAsync(store, password.Get(creating: true), host, time, cacheDirectory, cancellationToken).ConfigureAwait(false), true);
    }
}
