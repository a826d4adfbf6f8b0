using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ferry.Storage;

namespace Ferry.Tests.Storage;

/// <summary>The calls of <see cref="IObjectStore"/>, for aiming faults.</summary>
public enum StoreCall
{
    Put,
    Get,
    GetRange,
    Stat,
    List,
    Delete,
}

/// <summary>
/// Wraps a store and misbehaves on request (after kopia's blobtesting/faulty.go): throws, hangs until
/// cancelled, or drops a call as a provider that loses requests would. Counts every call.
/// </summary>
public sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentDictionary<StoreCall, int> _calls = new();
    private readonly List<Fault> _faults = [];

    public string Location => inner.Location;

    /// <summary>Changes every byte array read back, as a provider that mangles uploads would.</summary>
    public Func<byte[], byte[]>? ChangeReads { get; set; }

    /// <summary>The next <paramref name="times"/> calls of that kind throw what <paramref name="error"/> makes.</summary>
    public FaultyObjectStore Fail(StoreCall call, Func<Exception> error, int times = int.MaxValue) =>
        Add(call, times, _ => throw error());

    /// <summary>The next calls of that kind wait until their token is cancelled.</summary>
    public FaultyObjectStore Hang(StoreCall call, int times = int.MaxValue) =>
        Add(call, times, async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return true;
        });

    /// <summary>The next calls of that kind report success without reaching the store (a lost write or delete, an empty listing).</summary>
    public FaultyObjectStore Drop(StoreCall call, int times = int.MaxValue) => Add(call, times, _ => Task.FromResult(false));

    public int CallsTo(StoreCall call) => _calls.GetValueOrDefault(call);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (await ProceedAsync(StoreCall.Put, cancellationToken))
        {
            await inner.PutAsync(key, data, cancellationToken);
        }
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        await ProceedAsync(StoreCall.Get, cancellationToken);
        return Changed(await inner.GetAsync(key, cancellationToken));
    }

    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        await ProceedAsync(StoreCall.GetRange, cancellationToken);
        return Changed(await inner.GetRangeAsync(key, offset, length, cancellationToken));
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        await ProceedAsync(StoreCall.Stat, cancellationToken);
        return await inner.StatAsync(key, cancellationToken);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await ProceedAsync(StoreCall.List, cancellationToken))
        {
            yield break;
        }

        await foreach (var info in inner.ListAsync(prefix, cancellationToken))
        {
            yield return info;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (await ProceedAsync(StoreCall.Delete, cancellationToken))
        {
            await inner.DeleteAsync(key, cancellationToken);
        }
    }

    private FaultyObjectStore Add(StoreCall call, int times, Func<CancellationToken, Task<bool>> act)
    {
        lock (_faults)
        {
            _faults.Add(new Fault(call, times, act));
        }

        return this;
    }

    /// <summary>Counts the call and plays the first armed fault for it; false means "do not reach the store".</summary>
    private Task<bool> ProceedAsync(StoreCall call, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(call, 1, (_, n) => n + 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Call == call && f.Remaining > 0);
            if (fault is null)
            {
                return Task.FromResult(true);
            }

            fault.Remaining--;
            return fault.Act(cancellationToken);
        }
    }

    private byte[] Changed(byte[] data) => ChangeReads is { } change ? change(data) : data;

    private sealed class Fault(StoreCall call, int times, Func<CancellationToken, Task<bool>> act)
    {
        public StoreCall Call { get; } = call;

        public int Remaining { get; set; } = times;

        public Func<CancellationToken, Task<bool>> Act { get; } = act;
    }
}
