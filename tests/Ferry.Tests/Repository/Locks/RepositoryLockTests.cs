using System.Security.Cryptography;
using System.Text;
using Ferry.Backup;
using Ferry.LocalFiles;
using Ferry.Maintenance;
using Ferry.Platform;
using Ferry.Repository;
using Ferry.Repository.Locks;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Repository.Locks;

/// <summary>
/// Locks are judged by the server's time of their last write (the memory store stamps objects with its
/// own clock, as an S3 server does) and by a random run id, never by host name, process id or the
/// holder's clock; a holder whose lock was taken away stops before it writes a snapshot or deletes data.
/// </summary>
public sealed class RepositoryLockTests : IDisposable
{
    private const string Password = "a long enough test password";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store;
    private readonly HashSet<string> _markers = new(StringComparer.Ordinal);

    public RepositoryLockTests()
    {
        _store = new MemoryObjectStore(_clock);
    }

    [Fact]
    public async Task A_running_backup_of_another_computer_with_this_host_name_is_not_taken_for_dead()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "c", _clock, None);
        // What a backup in another PID namespace, container or computer of the same name writes: this
        // host name and a process id that does not run here.
        var planted = await PlantLockAsync(repository, "Shared", Environment.MachineName, NotRunningHere(), _clock.GetUtcNow());

        var e = await Assert.ThrowsAsync<RepositoryLockedException>(() => RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None));

        Assert.Contains("backup on", e.Message, StringComparison.Ordinal);
        Assert.NotNull(await _store.StatAsync(planted, None));
    }

    [Fact]
    public async Task A_live_lock_whose_holder_clock_is_hours_behind_is_not_stale()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "c", _clock, None);
        var planted = await PlantLockAsync(repository, "Shared", "laptop-b", 4242, _clock.GetUtcNow() - TimeSpan.FromHours(3));

        await Assert.ThrowsAsync<RepositoryLockedException>(() => RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None));

        Assert.NotNull(await _store.StatAsync(planted, None));
    }

    [Fact]
    public async Task A_lock_the_server_has_not_seen_rewritten_for_half_an_hour_is_stale_whatever_its_holder_clock_says()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "c", _clock, None);
        // Written now by the server's clock, but its holder's clock runs 40 minutes ahead.
        var planted = await PlantLockAsync(repository, "Shared", "laptop-b", 4242, _clock.GetUtcNow() + TimeSpan.FromMinutes(40));
        _clock.Advance(TimeSpan.FromMinutes(31));

        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None))
        {
            Assert.Null(await _store.StatAsync(planted, None));
        }
    }

    [Fact]
    public async Task The_locks_of_a_run_on_this_computer_that_died_are_removed_at_once_and_a_living_ones_kept()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "c", _clock, None);
        var dead = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var living = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(Marker(dead), []);
        using var held = HeldFile.TryHold(Marker(living));
        // A killed restore leaves two locks: its own and its safety backup's.
        var deadLocks = new[]
        {
            await PlantLockAsync(repository, "Shared", "c", 1, _clock.GetUtcNow(), dead),
            await PlantLockAsync(repository, "Shared", "c", 1, _clock.GetUtcNow(), dead),
        };
        var livingLock = await PlantLockAsync(repository, "Shared", "c", 1, _clock.GetUtcNow(), living);

        await Assert.ThrowsAsync<RepositoryLockedException>(() => RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None));

        foreach (var deadLock in deadLocks)
        {
            Assert.Null(await _store.StatAsync(deadLock, None));
        }

        Assert.NotNull(await _store.StatAsync(livingLock, None));
        Assert.True(File.Exists(Marker(dead)), "the dead run's marker went with its first lock: its other locks would wait half an hour");
    }

    [Fact]
    public void Markers_of_dead_runs_are_swept_after_an_hour_and_held_ones_never()
    {
        var oldDead = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var recentDead = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var oldLiving = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(Marker(oldDead), []);
        File.WriteAllBytes(Marker(recentDead), []);
        using var held = HeldFile.TryHold(Marker(oldLiving));
        var twoHoursAgo = File.GetLastWriteTimeUtc(Marker(recentDead)) - TimeSpan.FromHours(2);
        File.SetLastWriteTimeUtc(Marker(oldDead), twoHoursAgo);
        File.SetLastWriteTimeUtc(Marker(oldLiving), twoHoursAgo);

        LockInstance.Enter();
        try
        {
            LockInstance.SweepOldMarkers();
        }
        finally
        {
            LockInstance.Leave();
        }

        Assert.False(File.Exists(Marker(oldDead)));
        Assert.True(File.Exists(Marker(recentDead)), "a dead run's marker went before its locks could all be recognised");
        Assert.True(File.Exists(Marker(oldLiving)), "a running process's marker was removed");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_link_planted_under_a_markers_name_is_never_followed()
    {
        // Another local user's link in the shared temp folder, to a file of the user who runs Ferry.
        var victim = Path.Combine(_temp.Path, "notes.txt");
        File.WriteAllText(victim, "mine");
        File.SetUnixFileMode(victim, (UnixFileMode)0b110_100_100);
        var planted = Marker(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        File.CreateSymbolicLink(planted, victim);
        // The link itself made to look two hours old (touch -h), as its planter can.
        File.SetLastWriteTimeUtc(planted, File.GetLastWriteTimeUtc(planted) - TimeSpan.FromHours(2));
        Assert.True(File.GetLastWriteTimeUtc(victim) - File.GetLastWriteTimeUtc(planted) > TimeSpan.FromHours(1), "the link's own time was not set");

        LockInstance.Enter();
        try
        {
            LockInstance.SweepOldMarkers();
        }
        finally
        {
            LockInstance.Leave();
        }

        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(victim));
        Assert.Equal("mine", File.ReadAllText(victim));
    }

    [Fact]
    public async Task A_backup_whose_lock_was_taken_away_stores_no_snapshot()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        // The laptop sleeps for 40 minutes while the first pack goes up; meanwhile a prune on another
        // computer finds the lock not rewritten for half an hour, takes it for abandoned and removes it.
        watching.BeforePut = async key =>
        {
            if (key.StartsWith("data/", StringComparison.Ordinal))
            {
                watching.BeforePut = null;
                await DeleteAllAsync("locks/");
                _clock.Advance(TimeSpan.FromMinutes(40));
            }
        };

        var e = await Assert.ThrowsAsync<LockLostException>(() => new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "b" }).RunAsync(None));

        Assert.Contains("run it again", e.Message, StringComparison.Ordinal);
        Assert.Empty(await KeysAsync("snapshots/"));
    }

    [Fact]
    public async Task A_quick_backup_does_not_wait_for_a_lookup_of_its_lock_and_a_slow_one_looks_before_its_snapshot()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var options = new BackupOptions { Paths = [source], Host = "b" };

        // Taken and listed moments ago: no process that keeps the rules can have removed it, so the
        // snapshot goes out without one more round trip.
        await new BackupRunner(repository, options).RunAsync(None);
        Assert.Equal(0, watching.Count("GET", "locks/"));

        // A minute and a half passes between taking the lock and the snapshot (here, while the index
        // is read): the lock is read back before the snapshot is written.
        watching.AfterRead = key =>
        {
            if (key.StartsWith("index/", StringComparison.Ordinal))
            {
                watching.AfterRead = null;
                _clock.Advance(TimeSpan.FromMinutes(1.5));
            }
        };
        File.WriteAllBytes(Path.Combine(source, "attachment.bin"), RandomNumberGenerator.GetBytes(64 * 1024));
        var reopened = await FerryRepository.OpenAsync(watching, Password, _clock, None);
        await new BackupRunner(reopened, options).RunAsync(None);
        Assert.Equal(1, watching.Count("GET", "locks/"));
    }

    [Fact]
    public async Task A_prune_whose_lock_was_taken_away_deletes_nothing()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "b" }).RunAsync(None);
        File.WriteAllBytes(Path.Combine(source, "attachment.bin"), RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        var doomed = (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "b" }).RunAsync(None)).SnapshotId;
        await repository.DeleteSnapshotAsync(doomed, None);
        var before = await KeysAsync("");
        watching.BeforePut = async key =>
        {
            if (key.StartsWith("index/", StringComparison.Ordinal))
            {
                watching.BeforePut = null;
                await DeleteAllAsync("locks/");
            }
        };

        await Assert.ThrowsAsync<LockLostException>(() => new Pruner(repository, new PruneOptions()).RunAsync(None));

        var after = await KeysAsync("");
        Assert.Empty(before.Where(k => !k.StartsWith("locks/", StringComparison.Ordinal)).Except(after));
    }

    [Fact]
    public async Task Objects_under_locks_that_are_not_lock_names_are_ignored()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "b", _clock, None);
        _store.Plant("locks/with a space", [1, 2, 3]);
        _store.Plant("locks/sub/folder", [1, 2, 3]);
        var source = _temp.Sub("App");
        SampleTree.Write(source);

        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "b" }).RunAsync(None);
        await new Pruner(repository, new PruneOptions()).RunAsync(None);

        Assert.Single(await KeysAsync("snapshots/"));
    }

    [Fact]
    public async Task A_huge_object_under_locks_is_never_read()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        await _store.PutAsync("locks/" + new string('e', 32), new byte[64 * 1024 * 1024], None);

        await using (await RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None))
        {
        }

        Assert.True(watching.BytesRead.GetValueOrDefault("locks") < 1024 * 1024, $"read {watching.BytesRead.GetValueOrDefault("locks")} bytes of locks");
        Assert.Empty(await KeysAsync("locks/"));
    }

    [Fact]
    public async Task A_backup_lock_costs_three_requests_and_other_locks_are_read_at_once()
    {
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);

        await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "b" }).RunAsync(None);

        // Take (write, list) and release: taken moments before, it is not looked up before the snapshot.
        Assert.Equal(["PUT", "LIST", "DELETE"], watching.Requests.Where(r => r.Contains(" locks/", StringComparison.Ordinal)).Select(r => r.Split(' ')[0]));
    }

    [Fact]
    public async Task The_lock_listing_leaves_a_moment_after_the_lock_was_sent_however_long_the_write_waited_to_go()
    {
        // A far bucket: the write waits for its connection's TCP handshake, then is sent and stored
        // (the store's "sent" comes once it holds the lock, as a server's within the lag would), and
        // its answer comes a round trip later.
        var connected = new TaskCompletionSource();
        var answered = new TaskCompletionSource();
        var watching = new WatchingStore(_store);
        var repository = await FerryRepository.InitAsync(watching, Password, "b", _clock, None);
        watching.BeforePut = key => key.StartsWith("locks/", StringComparison.Ordinal) ? connected.Task : Task.CompletedTask;
        watching.AfterPut = key =>
        {
            if (!key.StartsWith("locks/", StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            RequestSent.Current?.Invoke();
            return answered.Task;
        };

        var taking = RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None);
        await AdvanceUntilAsync(() => false, times: 10);
        var listedBeforeSent = watching.Count("LIST", "locks/");
        connected.SetResult();
        await AdvanceUntilAsync(() => watching.Count("LIST", "locks/") > 0, times: 250);
        var answeredBeforeListing = taking.IsCompleted;
        answered.SetResult();
        await using var held = await taking;

        // Listed while the write was unanswered, after it was stored: the listing names the lock, once.
        Assert.Equal(0, listedBeforeSent);
        Assert.False(answeredBeforeListing);
        Assert.Equal(1, watching.Count("LIST", "locks/"));
    }

    private static async Task<string> PlantLockAsync(FerryRepository repository, string kind, string host, int pid, DateTimeOffset refreshed, string? instance = null)
    {
        var key = "locks/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var json = $$"""{"kind":"{{kind}}","operation":"backup","host":"{{host}}","pid":{{pid}},"created":"{{refreshed:O}}","refreshed":"{{refreshed:O}}"{{(instance is null ? "" : $",\"instance\":\"{instance}\"")}}}""";
        await repository.Objects.SaveNamedAsync(key, Encoding.UTF8.GetBytes(json), None);
        return key;
    }

    /// <summary>Moves the clock on by the lock's listing lag, a few times or until <paramref name="done"/>, letting the code waiting on it run.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done, int times)
    {
        for (var i = 0; i < times && !done(); i++)
        {
            _clock.Advance(RepositoryLock.ListingLag);
            await Task.Delay(20);
        }
    }

    /// <summary>A marker file in the shared temp folder, deleted when the test ends.</summary>
    private string Marker(string instance)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ferry-run-{instance}.lock");
        _markers.Add(path);
        return path;
    }

    /// <summary>A process id nothing on this computer runs under.</summary>
    private static int NotRunningHere() => Enumerable.Range(100_000, 1_000_000).First(pid => !Directory.Exists($"/proc/{pid}") && !ProcessStatus.IsRunning(pid));

    private async Task DeleteAllAsync(string prefix)
    {
        foreach (var key in await KeysAsync(prefix))
        {
            await _store.DeleteAsync(key, None);
        }
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var o in _store.ListAsync(prefix, None))
        {
            keys.Add(o.Key);
        }

        return keys;
    }

    public void Dispose()
    {
        foreach (var marker in _markers)
        {
            File.Delete(marker);
        }

        _temp.Dispose();
    }
}
