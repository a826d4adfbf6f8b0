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

    /// <summary>
    /// An attempt that has not finished by then is abandoned and retried: a backstop for anything the store's own
    /// timeouts miss (S3 gives up a silent server far sooner), long enough for a pack over a slow uplink.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts in a row that may end in silence (a timeout) before the call gives up, the first included.</summary>
    /// <remarks>
    /// Fewer than <see cref="MaxAttempts"/>: a 503 or a reset costs a round trip and says the server is there;
    /// a timeout costs the whole wait (30 s for an answer, see S3Timeouts) and usually means the path is broken
    /// (a captive portal, a proxy that swallows requests, Wi-Fi gone), which retrying for long rarely mends.
    /// 12 of them held a command for 7 minutes (an hour with the 5-minute attempt timeout); 4 end it in about
    /// 2. The AWS SDKs' retry quota likewise charges a timeout twice what other errors cost, and restic's users
    /// asked for a way out of its 15 minutes of retries against a server that is down. A lossy but working
    /// link almost never times out 4 times in a row; any other failure in between starts the count again.
    /// </remarks>
    public int MaxTimeoutAttempts { get; init; } = 4;
}
