using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Errors;
using Ferry.Storage;

namespace Ferry.Repository.Locks;

/// <summary>
/// A lock object under <c>locks/</c>, held for the length of an operation and refreshed while it runs.
/// Backups, restores and checks take shared locks and run side by side from any number of devices;
/// prune takes the exclusive lock, so it never deletes data that a running backup may still
/// reference. A lock whose holder stopped refreshing it (killed, machine off) goes stale and is
/// removed by whoever finds it; see docs/FORMAT.md.
/// </summary>
public sealed class RepositoryLock : IAsyncDisposable
{
    internal const string Prefix = "locks/";

    /// <summary>How often a holder rewrites its lock.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A lock not refreshed for this long is abandoned. Far above the refresh interval, so a slow
    /// network or a few minutes of clock difference between devices never make a live lock look dead.
    /// </summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long the listing of a lock's taker waits for the write's answer before it is sent anyway.
    /// A near server answers sooner (the listing then follows the write, as it always did); towards a
    /// far one the listing leaves this long after the write and reaches the server after it, which on
    /// RGW has by then usually stored the lock, so taking it costs one round trip and this lag.
    /// </summary>
    internal static readonly TimeSpan ListingLag = TimeSpan.FromMilliseconds(30);

    private readonly FerryRepository _repository;
    private readonly string _key;
    private readonly LockInfo _info;
    private readonly CancellationTokenSource _stop = new();
    private Task _refresher = Task.CompletedTask;

    private RepositoryLock(FerryRepository repository, string key, LockInfo info)
    {
        _repository = repository;
        _key = key;
        _info = info;
    }

    public LockKind Kind => _info.Kind;

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
        while (true)
        {
            var now = time.GetUtcNow();
            var info = new LockInfo { Kind = kind, Operation = operation, Host = Environment.MachineName, ProcessId = Environment.ProcessId, Created = now, Refreshed = now };
            var key = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var keys = await WriteThenLookAsync(repository, key, info, cancellationToken).ConfigureAwait(false);
            var conflict = await FindConflictAsync(repository, keys, key, kind, cancellationToken).ConfigureAwait(false);
            if (conflict is null)
            {
                var held = new RepositoryLock(repository, key, info);
                held._refresher = held.RefreshLoopAsync();
                return held;
            }

            await repository.Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            if (time.GetUtcNow() >= deadline)
            {
                var hint = conflict.Kind == LockKind.Exclusive ? "wait for it to finish" : "wait for them to finish";
                throw new RepositoryLockedException($"the repository is busy: {conflict.Describe()}; {hint} and try again (a lock left by a crashed process expires {StaleAfter.TotalMinutes:0} minutes after its last refresh)");
            }

            // Random jitter: two waiters must not retry in lockstep forever.
            var jittered = delay + TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, (int)delay.TotalMilliseconds + 1));
            await Task.Delay(jittered, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

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

        _stop.Dispose();
    }

    /// <summary>Removes every stale lock; returns how many. Live locks are never touched.</summary>
    internal static async Task<int> RemoveStaleAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var removed = 0;
        var keys = await ListKeysAsync(repository, cancellationToken).ConfigureAwait(false);
        foreach (var (key, info) in await ReadAsync(repository, keys, cancellationToken).ConfigureAwait(false))
        {
            if (info is null || IsStale(info, repository.Time.GetUtcNow()))
            {
                await repository.Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Writes the lock, then looks at every lock: two processes that race both see each other and
    /// both back off, rather than both going ahead. The listing does not wait for the write's answer
    /// (a whole round trip on a far link), only until it comes or <see cref="ListingLag"/> has passed,
    /// and is trusted only when it already names the new lock: then the server stored the lock before
    /// it listed, which is all "write, then look" needs. A listing that came too early is taken again
    /// once the write has been answered.
    /// </summary>
    private static async Task<List<string>> WriteThenLookAsync(FerryRepository repository, string key, LockInfo info, CancellationToken cancellationToken)
    {
        var saved = SaveAsync(repository, key, info, cancellationToken);
        List<string> keys;
        try
        {
            await Task.WhenAny(saved, Task.Delay(ListingLag, repository.Time, cancellationToken)).ConfigureAwait(false);
            keys = await ListKeysAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            saved.Abandon();
            throw;
        }

        await saved.ConfigureAwait(false);
        return keys.Contains(key) ? keys : await ListKeysAsync(repository, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LockInfo?> FindConflictAsync(FerryRepository repository, List<string> keys, string ownKey, LockKind kind, CancellationToken cancellationToken)
    {
        foreach (var (key, info) in await ReadAsync(repository, keys.Where(k => k != ownKey), cancellationToken).ConfigureAwait(false))
        {
            if (info is null || IsStale(info, repository.Time.GetUtcNow()))
            {
                await repository.Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (kind == LockKind.Exclusive || info.Kind == LockKind.Exclusive)
            {
                return info;
            }
        }

        return null;
    }

    private static async Task<List<string>> ListKeysAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var o in repository.Store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(o.Key);
        }

        return keys;
    }

    /// <summary>The locks named; a lock that cannot be read (damaged, or from another key) is listed as null.</summary>
    private static async Task<List<(string Key, LockInfo? Info)>> ReadAsync(FerryRepository repository, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var locks = new List<(string, LockInfo?)>();
        foreach (var key in keys)
        {
            try
            {
                var json = await repository.Objects.LoadNamedAsync(key, 64 * 1024, cancellationToken).ConfigureAwait(false);
                locks.Add((key, JsonSerializer.Deserialize(json, FormatJson.Default.LockInfo)));
            }
            catch (ObjectNotFoundException)
            {
                // Released between the listing and the read.
            }
            catch (Exception e) when (e is CorruptDataException or JsonException)
            {
                locks.Add((key, null));
            }
        }

        return locks;
    }

    private static bool IsStale(LockInfo info, DateTimeOffset now)
    {
        if (now - info.Refreshed > StaleAfter)
        {
            return true;
        }

        // On the same machine a dead process is certain, no need to wait for the lock to age.
        return info.Host == Environment.MachineName && info.ProcessId != Environment.ProcessId && !Platform.ProcessStatus.IsRunning(info.ProcessId);
    }

    private static Task SaveAsync(FerryRepository repository, string key, LockInfo info, CancellationToken cancellationToken) =>
        repository.Objects.SaveNamedAsync(key, JsonSerializer.SerializeToUtf8Bytes(info, FormatJson.Default.LockInfo), cancellationToken);

    private async Task RefreshLoopAsync()
    {
        var current = _info;
        while (true)
        {
            await Task.Delay(RefreshInterval, _repository.Time, _stop.Token).ConfigureAwait(false);
            current = new LockInfo
            {
                Kind = current.Kind,
                Operation = current.Operation,
                Host = current.Host,
                ProcessId = current.ProcessId,
                Created = current.Created,
                Refreshed = _repository.Time.GetUtcNow(),
            };
            try
            {
                await SaveAsync(_repository, _key, current, _stop.Token).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                // A missed refresh is harmless: the lock only goes stale after many of them.
            }
        }
    }
}
