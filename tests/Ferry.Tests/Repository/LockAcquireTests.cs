using System.Runtime.CompilerServices;
using Ferry.Repository;
using Ferry.Repository.Locks;
using Ferry.Storage;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Repository;

/// <summary>
/// Taking a lock sends its write and the listing of <c>locks/</c> at once (one round trip on a real
/// link); the listing must still never let two conflicting holders both go ahead.
/// </summary>
public sealed class LockAcquireTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly MemoryObjectStore _bucket = new();

    [Fact]
    public async Task The_listing_is_sent_before_the_write_is_answered()
    {
        await FerryRepository.InitAsync(_bucket, "test password", "a", TimeProvider.System, None);
        var server = new SlowLockWrites(_bucket);
        var repository = await FerryRepository.OpenAsync(server, "test password", TimeProvider.System, None);

        // The server answers the lock's write only once the listing has reached it: a backup that
        // waited for the write before listing would never get there.
        server.BeforeWrite = () => server.ListingArrived.Task.WaitAsync(Patience);
        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None))
        {
            Assert.Single(await LocksAsync());
        }

        Assert.Empty(await LocksAsync());
    }

    [Fact]
    public async Task A_listing_answered_before_the_lock_was_stored_is_not_trusted()
    {
        await FerryRepository.InitAsync(_bucket, "test password", "a", TimeProvider.System, None);
        var server = new SlowLockWrites(_bucket);
        var backup = await FerryRepository.OpenAsync(server, "test password", TimeProvider.System, None);
        var prune = await FerryRepository.OpenAsync(_bucket, "test password", TimeProvider.System, None);
        RepositoryLock? pruneLock = null;

        // The backup's listing is answered empty; before its lock is stored, a prune elsewhere writes
        // its own lock and looks (seeing nothing), so it goes ahead. The backup must not.
        server.BeforeWrite = async () =>
        {
            await server.ListingAnswered.Task.WaitAsync(Patience);
            pruneLock = await RepositoryLock.AcquireAsync(prune, LockKind.Exclusive, "prune", TimeSpan.Zero, None);
        };
        var e = await Assert.ThrowsAsync<RepositoryLockedException>(() => RepositoryLock.AcquireAsync(backup, LockKind.Shared, "backup", TimeSpan.Zero, None));

        Assert.Contains("prune", e.Message, StringComparison.Ordinal);
        Assert.NotNull(pruneLock);
        await pruneLock.DisposeAsync();
        Assert.Empty(await LocksAsync());
    }

    private async Task<List<string>> LocksAsync()
    {
        var keys = new List<string>();
        await foreach (var o in _bucket.ListAsync("locks/", None))
        {
            keys.Add(o.Key);
        }

        return keys;
    }

    /// <summary>
    /// A server that runs <see cref="BeforeWrite"/> before it stores the first lock written to it. Each
    /// write has reached it when it starts, so it says so as the S3 store does once a request is sent
    /// (<see cref="RequestSent"/>): the taker's listing is timed from that moment.
    /// </summary>
    private sealed class SlowLockWrites(IObjectStore inner) : IObjectStore
    {
        private int _writes;

        public Func<Task>? BeforeWrite { get; set; }

        public TaskCompletionSource ListingArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ListingAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Location => inner.Location;

        public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            RequestSent.Current?.Invoke();
            if (key.StartsWith("locks/", StringComparison.Ordinal) && Interlocked.Increment(ref _writes) == 1 && BeforeWrite is { } before)
            {
                await before();
            }

            await inner.PutAsync(key, data, cancellationToken);
        }

        public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var locks = prefix == "locks/";
            if (locks)
            {
                ListingArrived.TrySetResult();
            }

            var answer = new List<ObjectInfo>();
            await foreach (var o in inner.ListAsync(prefix, cancellationToken))
            {
                answer.Add(o);
            }

            if (locks)
            {
                ListingAnswered.TrySetResult();
            }

            foreach (var o in answer)
            {
                yield return o;
            }
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) => inner.GetRangeAsync(key, offset, length, cancellationToken);

        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);
    }
}
