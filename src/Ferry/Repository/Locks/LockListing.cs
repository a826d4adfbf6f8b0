using Ferry.Storage;

namespace Ferry.Repository.Locks;

/// <summary>
/// What a taker sees in <c>locks/</c> right after writing its own lock: which locks are stale (and are
/// removed) and which one, if any, it must wait for. "Now" is the server's time of the taker's own
/// lock, from the same listing, so every lock is judged by one clock, the server's, at no extra request.
/// </summary>
internal static class LockListing
{
    /// <summary>A lock object is a few hundred bytes; a larger one is not a lock and is never read.</summary>
    public const int MaxLockSize = 16 * 1024;

    /// <summary>Every object under <c>locks/</c>, with the server's times.</summary>
    public static async Task<List<ObjectInfo>> ListAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var listing = new List<ObjectInfo>();
        await foreach (var o in repository.Store.ListAsync(RepositoryLock.Prefix, cancellationToken).ConfigureAwait(false))
        {
            listing.Add(o);
        }

        return listing;
    }

    /// <summary>
    /// Describes the lock in <paramref name="listing"/> that conflicts with taking <paramref name="kind"/>
    /// (null when there is none), and the server's time of the taker's own lock (null when the store
    /// keeps no times). Stale, oversized and unreadable locks in it are removed on the way.
    /// </summary>
    public static async Task<(string? Conflict, DateTimeOffset? ServerTime)> FindConflictAsync(FerryRepository repository, IReadOnlyList<ObjectInfo> listing, string ownKey, LockKind kind, CancellationToken cancellationToken)
    {
        ObjectInfo? own = null;
        var others = new List<ObjectInfo>();
        foreach (var o in listing)
        {
            if (o.Key == ownKey)
            {
                own = o;
            }
            else if (IsLockName(o.Key))
            {
                others.Add(o);
            }

            // Anything else under locks/ (a name with a space, a sub-folder) is no Ferry lock: it is
            // ignored here and named by 'ferry check'.
        }

        if (own is null)
        {
            // The provider's listing lags behind its writes: others may not see this lock yet either.
            return ("this process's own lock, which the provider does not list yet", null);
        }

        var live = new List<ObjectInfo>();
        foreach (var o in others)
        {
            if (IsStale(o, own.LastModified) || o.Size > MaxLockSize)
            {
                await repository.Store.DeleteAsync(o.Key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                live.Add(o);
            }
        }

        var infos = await Task.WhenAll(live.Select(o => RepositoryLock.TryReadAsync(repository, o.Key, cancellationToken))).ConfigureAwait(false);
        string? conflict = null;
        for (var i = 0; i < live.Count; i++)
        {
            // Unreadable (damaged, or not written with this repository's key: no holder of ours wrote
            // it), or written by a run on this computer that has died: removed at once.
            if (infos[i] is not { } info || LockInstance.HasDiedHere(info.Instance))
            {
                await repository.Store.DeleteAsync(live[i].Key, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (kind == LockKind.Exclusive || info.Kind == LockKind.Exclusive)
            {
                conflict ??= info.Describe();
            }
        }

        return (conflict, own.LastModified);
    }

    /// <summary>True for <c>locks/</c> and 32 lowercase hex digits, the only names Ferry writes there.</summary>
    public static bool IsLockName(string key) =>
        key.Length == RepositoryLock.Prefix.Length + 32 && key.StartsWith(RepositoryLock.Prefix, StringComparison.Ordinal)
        && !key.AsSpan(RepositoryLock.Prefix.Length).ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Not rewritten for <see cref="RepositoryLock.StaleAfter"/> by the server's clock; unknown times are never stale.</summary>
    private static bool IsStale(ObjectInfo other, DateTimeOffset? serverNow) =>
        serverNow is { } now && other.LastModified is { } written && now - written > RepositoryLock.StaleAfter;
}
