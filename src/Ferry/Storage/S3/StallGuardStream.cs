namespace Ferry.Storage.S3;

/// <summary>
/// A body that fails with a <see cref="SilentProviderException"/> when a read waits longer than the stall
/// timeout for a single byte: a download that stops half-way is given up (and retried) at once, instead of
/// holding its connection until the attempt's own timeout minutes later. Slow is fine; silent is not.
/// Blocking reads go through the guarded asynchronous one: a blocking socket read cannot be timed otherwise.
/// </summary>
internal sealed class StallGuardStream(Stream inner, TimeSpan stall) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(stall);
        try
        {
            return await Inner.ReadAsync(buffer, stalled.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException
            && stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw SilentProviderException.Stalled(stall, e);
        }
    }
}
