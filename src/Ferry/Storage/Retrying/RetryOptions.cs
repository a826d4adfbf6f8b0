namespace Ferry.Storage.Retrying;

/// <summary>How hard <see cref="RetryingObjectStore"/> tries before a transient failure reaches the caller.</summary>
public sealed record RetryOptions
{
    /// <summary>Attempts per call, the first included (at least 2).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The wait before the first retry; later waits double, with jitter, up to <see cref="MaxDelay"/>.</summary>
    /// <remarks>With the defaults the waits add up to about 45 seconds: long enough to ride out a 503 SlowDown burst.</remarks>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>An attempt that has not finished by then is abandoned and retried: a stalled connection must not hang a backup.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
