using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Storage.Retrying;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Storage.Retrying;

public sealed class RetryingObjectStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>No waiting between attempts, so the tests run at full speed on the real clock.</summary>
    private static readonly RetryOptions Quick = new() { MaxAttempts = 4, FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    private readonly MemoryObjectStore _memory = new();

    [Fact]
    public async Task Transient_failures_are_retried_until_the_call_succeeds()
    {
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Put, () => Transient(StorageErrorKind.ServerError), times: 3);
        var store = new RetryingObjectStore(faulty, Quick);

        await store.PutAsync("config", new byte[] { 1, 2, 3 }, None);

        Assert.Equal(4, faulty.CallsTo(StoreCall.Put));
        Assert.Equal(new byte[] { 1, 2, 3 }, await _memory.GetAsync("config", None));
    }

    [Theory]
    [InlineData(StorageErrorKind.Throttled)]
    [InlineData(StorageErrorKind.ServerError)]
    [InlineData(StorageErrorKind.Timeout)]
    public async Task Retries_are_bounded_and_then_the_last_error_surfaces(StorageErrorKind kind)
    {
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Get, () => Transient(kind));
        var store = new RetryingObjectStore(faulty, Quick);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("config", None));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(4, faulty.CallsTo(StoreCall.Get));
    }

    [Theory]
    [InlineData(StorageErrorKind.WrongSecretKey)]
    [InlineData(StorageErrorKind.UnknownAccessKey)]
    [InlineData(StorageErrorKind.AccessDenied)]
    [InlineData(StorageErrorKind.BucketMissing)]
    [InlineData(StorageErrorKind.RegionMismatch)]
    [InlineData(StorageErrorKind.Unreachable)]
    [InlineData(StorageErrorKind.Corrupt)]
    public async Task Errors_that_retrying_cannot_fix_surface_at_once(StorageErrorKind kind)
    {
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Stat, () => new StorageException("no", kind));
        var store = new RetryingObjectStore(faulty, Quick);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("config", None));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(1, faulty.CallsTo(StoreCall.Stat));
    }

    [Fact]
    public async Task A_missing_object_is_not_retried()
    {
        var faulty = new FaultyObjectStore(_memory);
        var store = new RetryingObjectStore(faulty, Quick);

        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.GetAsync("snapshots/gone", None));

        Assert.Equal(1, faulty.CallsTo(StoreCall.Get));
    }

    [Fact]
    public async Task A_bad_key_is_not_retried()
    {
        var faulty = new FaultyObjectStore(_memory);
        var store = new RetryingObjectStore(faulty, Quick);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("../escape", new byte[1], None));

        Assert.Equal(1, faulty.CallsTo(StoreCall.Put));
    }

    [Fact]
    public async Task A_listing_that_fails_is_started_again_and_yields_each_key_once()
    {
        await _memory.PutAsync("index/a", new byte[1], None);
        await _memory.PutAsync("index/b", new byte[2], None);
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.List, () => Transient(StorageErrorKind.Timeout), times: 2);
        var store = new RetryingObjectStore(faulty, Quick);

        var keys = new List<string>();
        await foreach (var o in store.ListAsync("index/", None))
        {
            keys.Add(o.Key);
        }

        Assert.Equal(["index/a", "index/b"], keys.Order());
        Assert.Equal(3, faulty.CallsTo(StoreCall.List));
    }

    [Fact]
    public async Task A_stalled_attempt_is_abandoned_and_retried()
    {
        var time = new FakeTimeProvider();
        var faulty = new FaultyObjectStore(_memory).Hang(StoreCall.Put, times: 1);
        var store = new RetryingObjectStore(faulty, Quick with { AttemptTimeout = TimeSpan.FromMinutes(1) }, time);

        await AdvanceUntilDoneAsync(time, store.PutAsync("config", new byte[] { 7 }, None), stepSeconds: 10);

        Assert.Equal(2, faulty.CallsTo(StoreCall.Put));
        Assert.Equal(new byte[] { 7 }, await _memory.GetAsync("config", None));
    }

    [Fact]
    public async Task A_store_that_never_answers_ends_in_a_timeout_error()
    {
        var time = new FakeTimeProvider();
        var faulty = new FaultyObjectStore(_memory).Hang(StoreCall.Get);
        var store = new RetryingObjectStore(faulty, Quick with { AttemptTimeout = TimeSpan.FromMinutes(1) }, time);

        var call = store.GetAsync("config", None);
        await AdvanceUntilDoneAsync(time, call, stepSeconds: 10);

        var e = await Assert.ThrowsAsync<StorageException>(() => call);
        Assert.Equal(StorageErrorKind.Timeout, e.Kind);
        Assert.Contains("memory did not answer within 60 seconds", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, faulty.CallsTo(StoreCall.Get));
    }

    [Fact]
    public async Task Silences_in_a_row_end_the_call_after_fewer_attempts_than_other_failures()
    {
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Get, () => Silent(TimeSpan.FromSeconds(30)));
        var store = new RetryingObjectStore(faulty, Quick with { MaxAttempts = 12, MaxTimeoutAttempts = 3 });

        var e = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("config", None));

        Assert.Equal(StorageErrorKind.Timeout, e.Kind);
        Assert.Equal("memory did not answer within 30 seconds, 3 times in a row: check the network and try again", e.Message);
        Assert.Equal(3, faulty.CallsTo(StoreCall.Get));
    }

    [Fact]
    public async Task Another_failure_between_silences_starts_their_count_again()
    {
        await _memory.PutAsync("config", new byte[] { 5 }, None);
        var failures = 0;
        var faulty = new FaultyObjectStore(_memory).Fail(
            StoreCall.Get, () => ++failures % 2 == 0 ? Transient(StorageErrorKind.Throttled) : Silent(TimeSpan.FromSeconds(30)), times: 6);
        var store = new RetryingObjectStore(faulty, Quick with { MaxAttempts = 12, MaxTimeoutAttempts = 2 });

        Assert.Equal(new byte[] { 5 }, await store.GetAsync("config", None));
        Assert.Equal(7, faulty.CallsTo(StoreCall.Get));
    }

    [Fact]
    public async Task With_default_options_the_waits_between_attempts_stay_under_two_minutes()
    {
        var time = new FakeTimeProvider();
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Put, () => Transient(StorageErrorKind.Throttled));
        var store = new RetryingObjectStore(faulty, timeProvider: time);

        var call = store.PutAsync("config", new byte[1], None);
        var waited = await AdvanceUntilDoneAsync(time, call);

        await Assert.ThrowsAsync<StorageException>(() => call);
        Assert.Equal(new RetryOptions().MaxAttempts, faulty.CallsTo(StoreCall.Put));
        Assert.InRange(waited, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Cancelling_stops_a_hung_call_without_retrying()
    {
        var faulty = new FaultyObjectStore(_memory).Hang(StoreCall.Put);
        var store = new RetryingObjectStore(faulty, Quick);
        using var cts = new CancellationTokenSource();

        var call = store.PutAsync("config", new byte[1], cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, faulty.CallsTo(StoreCall.Put));
    }

    [Fact]
    public async Task Cancelling_stops_the_wait_between_attempts()
    {
        var time = new FakeTimeProvider();
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Put, () => Transient(StorageErrorKind.Throttled));
        var store = new RetryingObjectStore(faulty, timeProvider: time);
        using var cts = new CancellationTokenSource();

        var call = store.PutAsync("config", new byte[1], cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, faulty.CallsTo(StoreCall.Put));
    }

    [Fact]
    public async Task The_store_passes_the_contract_through_unchanged()
    {
        var store = new RetryingObjectStore(_memory, Quick);

        await store.PutAsync("data/00/p", new byte[] { 1, 2, 3, 4 }, None);

        Assert.Equal("memory", store.Location);
        Assert.Equal(new byte[] { 2, 3 }, await store.GetRangeAsync("data/00/p", 1, 2, None));
        Assert.Equal(4, (await store.StatAsync("data/00/p", None))!.Size);
        await store.DeleteAsync("data/00/p", None);
        Assert.Null(await store.StatAsync("data/00/p", None));
    }

    private static StorageException Transient(StorageErrorKind kind) => new($"transient {kind}", kind);

    private static StorageException Silent(TimeSpan silence) => new("no answer", StorageErrorKind.Timeout) { Silence = silence };

    /// <summary>
    /// Moves the fake clock forward <paramref name="stepSeconds"/> at a time until <paramref name="call"/> finishes, pausing
    /// briefly so continuations on the thread pool can register their next timer. Returns the time passed.
    /// </summary>
    private static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider time, Task call, int stepSeconds = 1)
    {
        var start = time.GetUtcNow();
        for (var i = 0; !call.IsCompleted && i < 100_000; i++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromSeconds(stepSeconds));
        }

        await Task.WhenAny(call);
        return time.GetUtcNow() - start;
    }
}
