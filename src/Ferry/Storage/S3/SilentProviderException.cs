namespace Ferry.Storage.S3;

/// <summary>
/// The provider said nothing for as long as <see cref="S3Timeouts"/> allows: no answer to a request sent
/// whole, or no byte of a body already begun. Thrown by <see cref="ResponseTimeoutHandler"/> and
/// <see cref="StallGuardStream"/>; <see cref="S3ErrorTranslator"/> makes it a transient timeout.
/// </summary>
internal sealed class SilentProviderException : TimeoutException
{
    public SilentProviderException(string what, TimeSpan silence, Exception? innerException)
        : base(what, innerException)
    {
        Silence = silence;
    }

    /// <summary>How long the provider was silent when Ferry gave up.</summary>
    public TimeSpan Silence { get; }

    /// <summary>"did not answer within 30 seconds": what the provider failed to do, for a message.</summary>
    public static SilentProviderException NoAnswer(TimeSpan silence, Exception? innerException) =>
        new($"did not answer within {Durations.Seconds(silence)}", silence, innerException);

    /// <summary>"sent nothing for 60 seconds" of a body it had begun.</summary>
    public static SilentProviderException Stalled(TimeSpan silence, Exception? innerException) =>
        new($"sent nothing for {Durations.Seconds(silence)}", silence, innerException);
}
