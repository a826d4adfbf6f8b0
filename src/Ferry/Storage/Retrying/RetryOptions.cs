namespace Ferry.Storage.Retrying;

/// <summary>How hard <see cref="RetryingObjectStore"/> tries before a transient failure reaches the caller.</summary>
public sealed record RetryOptions
{
    /// <summary>Attempts per call, the first included (at least 2).</summary>
    /// <remarks>
    /// With half the requests failing (the worst the fault tests require a backup to finish through),
    /// about 43% of attempts fail, so a call gives up 4 times in 100,000 with 12 attempts. With 8 it
    /// was about once in a thousand: a run of a hundred requests stopped about one time in ten.
    /// </remarks>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>The wait before the first retry; later waits double, with jitter, up to <see cref="MaxDelay"/>.</summary>
    /// <remarks>
    /// With the defaults the waits add up to about 75 seconds, never 2 minutes: long enough to ride out
    /// a 503 SlowDown burst, short enough that a server failing every request is reported soon.
    /// </remarks>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An attempt that has not finished by then is abandoned and retried: a stalled connection must not hang a backup.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
