using System.Security.Cryptography;
using Ferry.Storage;

namespace Ferry.Testing.Storage;

/// <summary>
/// The guarantees of <see cref="IObjectStore"/>, run against every store: memory, local folder,
/// Ceph RGW and s3rver. A subclass only says how to make a fresh, empty store.
/// </summary>
public abstract class ObjectStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A new, empty store (a fresh prefix or folder per call).</summary>
    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>How many keys the pagination test writes; S3 stores need more than 1,000.</summary>
    protected virtual int ManyKeys => 1_100;

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes()
    {
        var store = await CreateStoreAsync();
        var data = RandomNumberGenerator.GetBytes(70_000);

        await store.PutAsync("data/ab/abcdef", data, None);

        Assert.Equal(data, await store.GetAsync("data/ab/abcdef", None));
    }

    [Fact]
    public async Task Put_of_an_empty_object_round_trips()
    {
        var store = await CreateStoreAsync();

        await store.PutAsync("empty", ReadOnlyMemory<byte>.Empty, None);

        Assert.Empty(await store.GetAsync("empty", None));
        Assert.Equal(0, (await store.StatAsync("empty", None))!.Size);
    }

    [Fact]
    public async Task Put_replaces_an_existing_object()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("config", new byte[] { 1, 2, 3 }, None);

        await store.PutAsync("config", new byte[] { 4, 5 }, None);

        Assert.Equal(new byte[] { 4, 5 }, await store.GetAsync("config", None));
    }

    [Fact]
    public async Task Get_of_a_missing_key_throws_not_found()
    {
        var store = await CreateStoreAsync();

        var e = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.GetAsync("snapshots/missing", None));
        Assert.Equal("snapshots/missing", e.Key);
    }

    [Fact]
    public async Task Get_range_returns_exactly_the_bytes_asked_for()
    {
        var store = await CreateStoreAsync();
        var data = RandomNumberGenerator.GetBytes(100_000);
        await store.PutAsync("data/00/pack", data, None);

        Assert.Equal(data.AsSpan(12_345, 999).ToArray(), await store.GetRangeAsync("data/00/pack", 12_345, 999, None));
        Assert.Equal(data.AsSpan(99_990, 10).ToArray(), await store.GetRangeAsync("data/00/pack", 99_990, 10, None));
    }

    [Fact]
    public async Task Read_range_fills_the_callers_buffer_and_nothing_beyond_it()
    {
        var store = await CreateStoreAsync();
        var data = RandomNumberGenerator.GetBytes(100_000);
        await store.PutAsync("data/00/pack", data, None);
        var buffer = new byte[2_000];
        Array.Fill(buffer, (byte)0xEE);

        await store.ReadRangeAsync("data/00/pack", 50_000, buffer.AsMemory(500, 1_000), None);

        Assert.Equal(data.AsSpan(50_000, 1_000).ToArray(), buffer.AsSpan(500, 1_000).ToArray());
        Assert.All(buffer.AsSpan(0, 500).ToArray().Concat(buffer.AsSpan(1_500).ToArray()), b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public async Task Read_range_past_the_end_or_of_a_missing_key_fails_clearly()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("data/00/short", new byte[100], None);

        var shortRead = await Assert.ThrowsAsync<StorageException>(() => store.ReadRangeAsync("data/00/short", 50, new byte[100], None));
        Assert.Equal(StorageErrorKind.Corrupt, shortRead.Kind);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.ReadRangeAsync("data/00/missing", 0, new byte[10], None));
    }

    [Fact]
    public async Task Get_range_of_a_missing_key_throws_not_found()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.GetRangeAsync("data/00/missing", 0, 10, None));
    }

    [Fact]
    public async Task Stat_gives_the_size_or_null()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("index/one", new byte[1234], None);

        Assert.Equal(1234, (await store.StatAsync("index/one", None))!.Size);
        Assert.Null(await store.StatAsync("index/two", None));
    }

    [Fact]
    public async Task List_returns_every_key_under_the_prefix_once_with_its_size()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("snapshots/a1", new byte[3], None);
        await store.PutAsync("snapshots/b2", new byte[5], None);
        await store.PutAsync("index/c3", new byte[7], None);
        await store.PutAsync("data/0a/0abc", new byte[9], None);

        var snapshots = await ListAsync(store, "snapshots/");
        var all = await ListAsync(store, "");

        Assert.Equal(["snapshots/a1:3", "snapshots/b2:5"], snapshots.Select(o => $"{o.Key}:{o.Size}").Order());
        Assert.Equal(["data/0a/0abc", "index/c3", "snapshots/a1", "snapshots/b2"], all.Select(o => o.Key).Order());
    }

    [Fact]
    public async Task List_of_an_empty_prefix_is_empty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await ListAsync(store, "locks/"));
    }

    [Fact]
    public async Task List_pages_through_more_keys_than_one_response_holds()
    {
        var store = await CreateStoreAsync();
        var keys = Enumerable.Range(0, ManyKeys).Select(i => $"many/{i:d5}").ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, ct) => await store.PutAsync(key, new byte[1], ct));

        var listed = await ListAsync(store, "many/");

        Assert.Equal(keys, listed.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_is_idempotent()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("locks/l1", new byte[] { 1 }, None);

        await store.DeleteAsync("locks/l1", None);
        await store.DeleteAsync("locks/l1", None);

        Assert.Null(await store.StatAsync("locks/l1", None));
        Assert.Empty(await ListAsync(store, "locks/"));
    }

    [Fact]
    public async Task Concurrent_puts_of_distinct_keys_all_land()
    {
        var store = await CreateStoreAsync();
        var blobs = Enumerable.Range(0, 32).ToDictionary(i => $"data/{i:x2}/p{i}", _ => RandomNumberGenerator.GetBytes(50_000));

        await Task.WhenAll(blobs.Select(b => store.PutAsync(b.Key, b.Value, None)));

        foreach (var (key, data) in blobs)
        {
            Assert.Equal(data, await store.GetAsync(key, None));
        }
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_call()
    {
        var store = await CreateStoreAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("x", new byte[10], cts.Token));
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("with space")]
    [InlineData("trailing/")]
    public async Task Keys_outside_the_contract_are_refused(string key)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new byte[1], None));
    }

    [Fact]
    public async Task A_key_with_capitals_as_apps_name_their_backups_round_trips()
    {
        var store = await CreateStoreAsync();
        const string key = "cherry-studio.20250314093000.Anns-MacBook.local.mac.zip";

        await store.PutAsync(key, "zip"u8.ToArray(), None);

        Assert.Equal("zip"u8.ToArray(), await store.GetAsync(key, None));
        Assert.Equal(3, (await store.StatAsync(key, None))!.Size);
        var listed = new List<string>();
        await foreach (var o in store.ListAsync("cherry-studio.", None))
        {
            listed.Add(o.Key);
        }

        Assert.Equal([key], listed);
    }

    [Fact]
    public async Task A_large_object_round_trips()
    {
        var store = await CreateStoreAsync();
        var data = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);

        await store.PutAsync("data/ff/large", data, None);

        var back = await store.GetAsync("data/ff/large", None);
        Assert.True(data.AsSpan().SequenceEqual(back));
    }

    private static async Task<List<ObjectInfo>> ListAsync(IObjectStore store, string prefix)
    {
        var result = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(prefix, None))
        {
            result.Add(o);
        }

        return result;
    }
}
