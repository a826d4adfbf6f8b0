using System.Buffers;

namespace Ferry.Storage.S3;

/// <summary>
/// A body that fails with a <see cref="SilentProviderException"/> when a read waits longer than the stall
/// timeout for a single byte: a download that stops half-way is given up (and retried) at once, instead of
/// holding its connection until the attempt's own timeout minutes later. Slow is fine; silent is not.
/// </summary>
internal sealed class StallGuardStream(Stream inner, TimeSpan stall) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(stall);
        try
        {
            return await inner.ReadAsync(buffer, stalled.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException
            && stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw SilentProviderException.Stalled(stall, e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Blocking reads go through the guarded asynchronous one: a blocking socket read cannot be timed otherwise.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
