using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ferry.Storage;

namespace Ferry.Tests.Storage;

/// <summary>
/// Wraps a store and writes down every request ("PUT locks/…", "GET config", …) and how many bytes each
/// read returned, and lets a test act in the middle of an operation (delete a lock when the first pack
/// goes up, as a prune on another computer would).
/// </summary>
public sealed class WatchingStore(IObjectStore inner) : IObjectStore
{
    public string Location => inner.Location;

    /// <summary>Every request so far, in order: the verb and the key or prefix.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Bytes returned by reads of keys under each first path segment ("locks", "keys", …).</summary>
    public ConcurrentDictionary<string, long> BytesRead { get; } = new(StringComparer.Ordinal);

    /// <summary>Called before each write reaches the store.</summary>
    public Func<string, Task>? BeforePut { get; set; }

    /// <summary>Called after each write reached the store, before it is answered.</summary>
    public Func<string, Task>? AfterPut { get; set; }

    /// <summary>Called before each listing reaches the store, with its prefix.</summary>
    public Func<string, Task>? BeforeList { get; set; }

    /// <summary>Called after each read, with its key (a restore is then writing into its staging folder).</summary>
    public Action<string>? AfterRead { get; set; }

    public int Count(string verb, string prefix) => Requests.Count(r => r.StartsWith($"{verb} {prefix}", StringComparison.Ordinal));

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"PUT {key}");
        if (BeforePut is { } before)
        {
            await before(key);
        }

        await inner.PutAsync(key, data, cancellationToken);
        if (AfterPut is { } after)
        {
            await after(key);
        }
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) => Read(key, await inner.GetAsync(key, cancellationToken));

    public async Task<byte[]> GetAsync(string key, int maxSize, CancellationToken cancellationToken) => Read(key, await inner.GetAsync(key, maxSize, cancellationToken));

    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) => Read(key, await inner.GetRangeAsync(key, offset, length, cancellationToken));

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"HEAD {key}");
        return inner.StatAsync(key, cancellationToken);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Requests.Enqueue($"LIST {prefix}");
        if (BeforeList is { } before)
        {
            await before(prefix);
        }

        await foreach (var info in inner.ListAsync(prefix, cancellationToken))
        {
            yield return info;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"DELETE {key}");
        return inner.DeleteAsync(key, cancellationToken);
    }

    private byte[] Read(string key, byte[] bytes)
    {
        AfterRead?.Invoke(key);
        Requests.Enqueue($"GET {key}");
        BytesRead.AddOrUpdate(key.Split('/')[0], bytes.Length, (_, n) => n + bytes.Length);
        return bytes;
    }
}
