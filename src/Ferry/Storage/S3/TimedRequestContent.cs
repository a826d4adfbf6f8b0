using System.Net;

namespace Ferry.Storage.S3;

/// <summary>
/// A request body that says when it starts and finishes being written, so a timeout can count from the
/// last byte sent instead of the first. The bytes, length and headers are the wrapped content's.
/// </summary>
internal sealed class TimedRequestContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action _sending;
    private readonly Action _sent;

    public TimedRequestContent(HttpContent inner, Action sending, Action sent)
    {
        _inner = inner;
        _sending = sending;
        _sent = sent;
        ContentHeaders.Copy(inner, this);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _sending();
        await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _sent();
    }

    protected override bool TryComputeLength(out long length) => ContentHeaders.TryGetLength(_inner, out length);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
