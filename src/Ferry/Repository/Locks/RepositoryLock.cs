using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Errors;
using Ferry.Storage;

namespace Ferry.Repository.Locks;

/// <summary>
/// A lock object under <c>locks/</c>, held for the length of an operation and refreshed while it runs.
/// Backups, restores and checks take shared locks and run side by side from any number of devices;
/// prune takes the exclusive lock, so it never deletes data that a running backup may still
/// reference. See docs/FORMAT.md, "Locks and prune", for the rules.
/// </summary>
/// <remarks>
/// Time is the server's: a lock is stale when the server wrote it more than <see cref="StaleAfter"/>
/// before the taker's own lock, both read from one listing (no clock of any device is trusted, and
/// no request is added). A holder refreshes by writing a new lock object and then deleting the old
/// one, having checked that the old one was still there: a lock that someone removed is never
/// silently recreated. A holder that finds its lock gone stops (<see cref="LockLostException"/>).
/// </remarks>
public sealed class RepositoryLock : IAsyncDisposable
{
    internal const string Prefix = "locks/";

    /// <summary>How often a holder rewrites its lock.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A lock the server has not seen rewritten for this long is abandoned. Far above the refresh
    /// interval, so a slow network or a few failed refreshes never make a live lock look dead.
    /// </summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after a refresh was sent the holder counts on its lock without looking: well inside
    /// <see cref="StaleAfter"/>, so that nobody can have judged the lock stale in the meantime.
    /// </summary>
    internal static readonly TimeSpan SafeWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How recently the lock must have been confirmed for a backup to write its snapshot without
    /// looking the lock up first: far inside <see cref="SafeWindow"/>, and measured by both clocks
    /// (<see cref="LockClock"/>), so a laptop that slept in between looks.
    /// </summary>
    internal static readonly TimeSpan RecentlyConfirmed = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after the lock's write has been sent (its last byte on the connection) the listing of
    /// its taker leaves anyway, when the write's answer has not come by then. A near server answers
    /// sooner (the listing then follows the write, as it always did); towards a far one the listing
    /// reaches the server this long after the write, which on RGW has by then usually stored the lock,
    /// so taking it costs one round trip and this lag. Counted from the call instead, a write that first
    /// waited for its connection's handshake left together with the listing, which then missed it.
    /// </summary>
    internal static readonly TimeSpan ListingLag = TimeSpan.FromMilliseconds(30);

    private readonly FerryRepository _repository;
    private readonly LockInfo _info;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Task _refresher = Task.CompletedTask;
    private string _key;
    private LockClock _sentAt;
    private LockClock _confirmedAt;
    private volatile string? _lost;

    private RepositoryLock(FerryRepository repository, string key, LockInfo info, LockClock sentAt)
    {
        _repository = repository;
        _key = key;
        _info = info;
        _sentAt = sentAt;
        _confirmedAt = sentAt;
    }

    /// <summary>Whether this lock is shared or exclusive.</summary>
    public LockKind Kind => _info.Kind;

    /// <summary>The server's time when the lock was taken (its object's last write), when the store keeps times.</summary>
    public DateTimeOffset? ServerTimeTaken { get; private init; }

    /// <summary>
    /// Takes a lock, waiting up to <paramref name="wait"/> for conflicting holders to finish.
    /// Stale locks met on the way are removed.
    /// </summary>
    public static async Task<RepositoryLock> AcquireAsync(FerryRepository repository, LockKind kind, string operation, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var time = repository.Time;
        var deadline = time.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(500);
        LockInstance.Enter();
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var info = new LockInfo
                {
                    Kind = kind, Operation = operation, Host = LockInstance.HostLabel, ProcessId = Environment.ProcessId,
                    Instance = LockInstance.Id, Created = now, Refreshed = now,
                };
                var key = NewKey();
                var sentAt = LockClock.Now(time);
                var listing = await WriteThenLookAsync(repository, key, info, cancellationToken).ConfigureAwait(false);
                var (conflict, serverTime) = await LockListing.FindConflictAsync(repository, listing, key, kind, cancellationToken).ConfigureAwait(false);
                if (conflict is null)
                {
                    var held = new RepositoryLock(repository, key, info, sentAt) { ServerTimeTaken = serverTime };
                    held._refresher = held.RefreshLoopAsync();
                    return held;
                }

                await repository.Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= deadline)
                {
                    throw new RepositoryLockedException($"the repository is busy: {conflict}; wait for it to finish and try again (a lock left by a crashed process expires {StaleAfter.TotalMinutes:0} minutes after its last refresh, by the server's clock)");
                }

                // Random jitter: two waiters must not retry in lockstep forever.
                var jittered = delay + TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, (int)delay.TotalMilliseconds + 1));
                await Task.Delay(jittered, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
        catch
        {
            LockInstance.Leave();
            throw;
        }
    }

    /// <summary>
    /// Writes the lock, then looks at every lock: two processes that race both see each other and
    /// both back off, rather than both going ahead. The listing does not wait for the write's answer
    /// (a whole round trip on a far link), only until it comes or <see cref="ListingLag"/> has passed
    /// since the write was sent (a store that does not say when waits for the answer), and is trusted
    /// only when it already names the new lock: then the server stored the lock before it listed,
    /// which is all "write, then look" needs. A listing that came too early is taken again once the
    /// write has been answered.
    /// </summary>
    private static async Task<List<ObjectInfo>> WriteThenLookAsync(FerryRepository repository, string key, LockInfo info, CancellationToken cancellationToken)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task saved;
        using (RequestSent.Watch(() => sent.TrySetResult()))
        {
            saved = SaveAsync(repository, key, info, cancellationToken);
        }

        List<ObjectInfo> listing;
        try
        {
            // A store that never says "sent" leaves only the answer to wait for; the token stops the
            // write, and with it the wait.
            await Task.WhenAny(saved, sent.Task).ConfigureAwait(false);
            if (!saved.IsCompleted)
            {
                await Task.WhenAny(saved, Task.Delay(ListingLag, repository.Time, cancellationToken)).ConfigureAwait(false);
            }

            listing = await LockListing.ListAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            saved.Abandon();
            throw;
        }

        await saved.ConfigureAwait(false);
        return listing.Exists(o => o.Key == key) ? listing : await LockListing.ListAsync(repository, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Before a step that relies on the lock (writing a snapshot, deleting data): looks the lock up in
    /// the bucket (still there, still this run's), and refreshes it first when the last refresh is not
    /// recent. Throws <see cref="LockLostException"/> when it is gone.
    /// </summary>
    public async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        ThrowIfLost();
        if (_sentAt.Elapsed(_repository.Time) >= SafeWindow)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var lookedAt = LockClock.Now(_repository.Time);
            if (await IsStillOursAsync(_repository, _key, cancellationToken).ConfigureAwait(false))
            {
                _confirmedAt = lookedAt;
            }
            else
            {
                MarkLost($"its lock {_key} was removed by another process");
            }
        }

        ThrowIfLost();
    }

    /// <summary>
    /// Before writing a snapshot: <see cref="ConfirmAsync"/>, without a request when the lock was
    /// written or seen in the bucket less than <see cref="RecentlyConfirmed"/> ago. Nobody who follows
    /// the lock rules removes a lock that young, so a quick backup is not held up by one more round
    /// trip; the check after the write (<see cref="CommitAsync"/>) still stands.
    /// </summary>
    public Task ConfirmUnlessRecentAsync(CancellationToken cancellationToken)
    {
        ThrowIfLost();
        return _confirmedAt.Elapsed(_repository.Time) < RecentlyConfirmed ? Task.CompletedTask : ConfirmAsync(cancellationToken);
    }

    /// <summary>
    /// After a write that relied on the lock: proves the lock was not taken away before the write
    /// landed. Costs no request when the lock was refreshed recently enough that nobody could have
    /// judged it stale meanwhile; otherwise looks it up. Throws <see cref="LockLostException"/>.
    /// </summary>
    public async Task ConfirmHeldThroughAsync(CancellationToken cancellationToken)
    {
        ThrowIfLost();
        if (_sentAt.Elapsed(_repository.Time) >= SafeWindow && !await IsStillOursAsync(_repository, _key, cancellationToken).ConfigureAwait(false))
        {
            MarkLost($"its lock {_key} was removed by another process");
        }

        ThrowIfLost();
    }

    /// <summary>
    /// Writes what the lock protects (a snapshot), then proves the lock held until the write landed; if
    /// it did not, the write is undone (a prune may have deleted data it names) and
    /// <see cref="LockLostException"/> thrown. Call <see cref="ConfirmAsync"/> first.
    /// </summary>
    internal async Task<T> CommitAsync<T>(Func<Task<T>> write, Func<T, Task> undo, CancellationToken cancellationToken)
    {
        var written = await write().ConfigureAwait(false);
        try
        {
            await ConfirmHeldThroughAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LockLostException)
        {
            await undo(written).ConfigureAwait(false);
            throw;
        }

        return written;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _refresher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _repository.Store.DeleteAsync(_key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Unreachable now: the lock goes stale by itself and the next process removes it.
        }
        finally
        {
            LockInstance.Leave();
            _stop.Dispose();
            _refreshing.Dispose();
        }
    }

    internal static string NewKey() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    internal static Task SaveAsync(FerryRepository repository, string key, LockInfo info, CancellationToken cancellationToken) =>
        repository.Objects.SaveNamedAsync(key, JsonSerializer.SerializeToUtf8Bytes(info, FormatJson.Default.LockInfo), cancellationToken);

    /// <summary>The lock object, or null when it is missing, damaged, oversized or not a lock.</summary>
    internal static async Task<LockInfo?> TryReadAsync(FerryRepository repository, string key, CancellationToken cancellationToken)
    {
        try
        {
            var json = await repository.Objects.LoadNamedAsync(key, LockListing.MaxLockSize, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(json, FormatJson.Default.LockInfo);
        }
        catch (Exception e) when (e is ObjectNotFoundException or CorruptDataException or JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> IsStillOursAsync(FerryRepository repository, string key, CancellationToken cancellationToken) =>
        await TryReadAsync(repository, key, cancellationToken).ConfigureAwait(false) is { Instance: { } instance } && instance == LockInstance.Id;

    /// <summary>
    /// Writes the lock under a new name, checks that the old object is still there and still ours,
    /// then deletes it. The order means a lock someone removed is noticed, never written back.
    /// </summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lost is not null)
            {
                return;
            }

            var now = _repository.Time.GetUtcNow();
            var info = new LockInfo
            {
                Kind = _info.Kind, Operation = _info.Operation, Host = _info.Host, ProcessId = _info.ProcessId,
                Instance = _info.Instance, Created = _info.Created, Refreshed = now,
            };
            var key = NewKey();
            var sentAt = LockClock.Now(_repository.Time);
            await SaveAsync(_repository, key, info, cancellationToken).ConfigureAwait(false);
            var old = _key;
            bool ours;
            try
            {
                ours = await IsStillOursAsync(_repository, old, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await TryDeleteAsync(key).ConfigureAwait(false);
                throw;
            }

            if (!ours)
            {
                MarkLost($"its lock {old} was removed by another process");
                await TryDeleteAsync(key).ConfigureAwait(false);
                return;
            }

            (_key, _sentAt, _confirmedAt) = (key, sentAt, sentAt);
            await TryDeleteAsync(old).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task TryDeleteAsync(string key)
    {
        try
        {
            await _repository.Store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Left for whoever finds it stale; it names this run, which stops refreshing it.
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (_lost is null)
        {
            await Task.Delay(RefreshInterval, _repository.Time, _stop.Token).ConfigureAwait(false);
            try
            {
                await RefreshAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                // A missed refresh is harmless: the lock only goes stale after many of them, and a
                // holder that relies on it looks first (ConfirmAsync).
            }
        }
    }

    private void MarkLost(string why) => _lost ??= why;

    private void ThrowIfLost()
    {
        if (_lost is { } why)
        {
            throw new LockLostException($"stopped: {why} (a prune or another device took it for abandoned); nothing of this {_info.Operation} was kept as finished: run it again");
        }
    }
}
