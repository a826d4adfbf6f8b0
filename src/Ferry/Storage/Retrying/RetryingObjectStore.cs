using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ferry.Storage.Retrying;

/// <summary>
/// Retries the transient failures of another store (<see cref="StorageException.IsTransient"/>:
/// throttling, 5xx answers, timeouts, dropped connections) with exponential backoff and jitter, and
/// abandons an attempt that stalls. Attempts that end in silence (a timeout) are retried fewer times
/// (<see cref="RetryOptions.MaxTimeoutAttempts"/>), as each costs a whole timeout. Everything else (missing objects, bad keys, wrong credentials)
/// reaches the caller at once. Cross-cutting, so a wrapper rather than code inside each store.
/// </summary>
public sealed class RetryingObjectStore : IObjectStore, IDisposable
{
    private readonly IObjectStore _inner;
    private readonly ResiliencePipeline _pipeline;
    private readonly RetryOptions _options;

    /// <param name="inner">The store whose calls are retried.</param>
    /// <param name="options">Attempts, delays and the per-attempt timeout; defaults when null.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; tests pass a fake one.</param>
    public RetryingObjectStore(IObjectStore inner, RetryOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new RetryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAttempts, 2, nameof(options));
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.FirstDelay,
                MaxDelay = _options.MaxDelay,
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <inheritdoc/>
    public string Location => _inner.Location;

    /// <summary>Disposes the store it wraps, when that holds resources (an S3 client and its connections).</summary>
    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <inheritdoc/>
    public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            await _inner.PutAsync(key, data, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.GetAsync(key, ct), cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, int maxSize, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.GetAsync(key, maxSize, ct), cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.GetRangeAsync(key, offset, length, ct), cancellationToken);

    /// <inheritdoc/>
    public Task ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            await _inner.ReadRangeAsync(key, offset, destination, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(ct => _inner.StatAsync(key, ct), cancellationToken);

    /// <summary>
    /// A listing is collected whole inside one attempt and only then handed out: a failure half-way
    /// restarts the listing from the beginning, so the caller never sees a key twice or misses one.
    /// </summary>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = await RunAsync(async ct =>
        {
            var listed = new List<ObjectInfo>();
            await foreach (var info in _inner.ListAsync(prefix, ct).ConfigureAwait(false))
            {
                listed.Add(info);
            }

            return listed;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var info in all)
        {
            yield return info;
        }
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            await _inner.DeleteAsync(key, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Transient failures are retried, but no more than <see cref="RetryOptions.MaxTimeoutAttempts"/> silences
    /// in a row: each of those cost a whole timeout.
    /// </summary>
    private bool ShouldRetry(Exception? error, ResilienceContext context)
    {
        var silences = context.Properties.GetValue(SilencesKey, null!);
        if (SilenceOf(error) is not null)
        {
            silences.InARow++;
            return silences.InARow < _options.MaxTimeoutAttempts;
        }

        silences.InARow = 0;
        return error is StorageException { IsTransient: true };
    }

    /// <summary>How long the store waited for nothing, when that is why <paramref name="error"/> happened.</summary>
    private TimeSpan? SilenceOf(Exception? error) => error switch
    {
        TimeoutRejectedException => _options.AttemptTimeout,
        StorageException { Silence: { } silence } => silence,
        _ => null,
    };

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var silences = new Silences();
        context.Properties.Set(SilencesKey, silences);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, call) => await call(ctx.CancellationToken).ConfigureAwait(false), context, call).ConfigureAwait(false);
        }
        catch (Exception e) when (SilenceOf(e) is { } silence)
        {
            throw new StorageException(
                $"{Location} did not answer within {Durations.Seconds(silence)}, {silences.InARow} times in a row: check the network and try again",
                StorageErrorKind.Timeout, e) { Silence = silence };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<Silences> SilencesKey = new("ferry.silences");

    /// <summary>One call's count of attempts in a row that ended in silence.</summary>
    private sealed class Silences
    {
        public int InARow { get; set; }
    }
}
