using Ferry.Repository.Locks;
using Ferry.Storage;

namespace Ferry.Repository.Cache;

/// <summary>
/// The store of a repository opened with the <see cref="AccessCache"/>'s key, until the bucket has
/// confirmed that its <c>config</c> is the one that key opened. Listings and lock objects go ahead at
/// once, so a command's first requests run alongside the confirmation instead of after it (a lock
/// written under a key the bucket no longer knows is unreadable there, counts as stale to every other
/// device, and its writer deletes it anyway). Every other read and write waits for the confirmation,
/// and fails with it: nothing is stored under a key that is not the repository's.
/// </summary>
internal sealed class AccessCheckedStore(IObjectStore inner, Task confirmed) : IObjectStore
{
    public string Location => inner.Location;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        await inner.PutAsync(key, data, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        await inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        return await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        return await inner.GetRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        await inner.ReadRangeAsync(key, offset, destination, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        await ConfirmedAsync(key, cancellationToken).ConfigureAwait(false);
        return await inner.StatAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    private Task ConfirmedAsync(string key, CancellationToken cancellationToken) =>
        key.StartsWith(RepositoryLock.Prefix, StringComparison.Ordinal) ? Task.CompletedTask : confirmed.WaitAsync(cancellationToken);
}
