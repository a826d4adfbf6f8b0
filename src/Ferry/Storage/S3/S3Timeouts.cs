namespace Ferry.Storage.S3;

/// <summary>
/// How long Ferry waits on an S3 provider before it gives up an attempt (which
/// <see cref="Ferry.Storage.Retrying.RetryingObjectStore"/> may then retry). One place, so tests can shorten them.
/// </summary>
/// <remarks>
/// The waits that matter are silences: a server, proxy or captive portal that takes the connection and
/// then says nothing. Uploading a body is not silence: a 16 MiB pack shared with seven other uploads on
/// a 10 Mbit/s uplink takes minutes, so no timeout here counts the time a request body takes to send.
/// </remarks>
public sealed record S3Timeouts
{
    /// <summary>The values Ferry uses.</summary>
    public static S3Timeouts Default { get; } = new();

    /// <summary>A host that does not accept a connection this fast is reported unreachable instead of hanging.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>From the last byte of a request sent to the first of its answer (the status line and headers).</summary>
    /// <remarks>
    /// Providers answer even a 16 MiB PUT, which they must store before answering, in well under a second
    /// or two; 30 s is that many times over, plus the 31 s TCP needs to resend a lost packet five times, cut
    /// short. It is also about as long as someone watching "Test connection" waits before thinking it hangs.
    /// </remarks>
    public TimeSpan Response { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an answer's body may go without a single byte before the attempt is given up.</summary>
    /// <remarks>
    /// A healthy download, however slow, delivers something every round trip. A minute is what boto3 and
    /// the AWS Java SDK wait on a silent socket too (60 s and 50 s), and what restic suggests for a connection
    /// that makes no progress; a download that stops half-way no longer waits for the 5-minute attempt timeout.
    /// </remarks>
    public TimeSpan BodyStall { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most one request may take from its first byte sent to its answer's headers: a backstop only, long
    /// enough for a pack over a slow uplink (the timeouts above catch a silent server long before).
    /// </summary>
    public TimeSpan Request { get; init; } = TimeSpan.FromMinutes(10);
}
