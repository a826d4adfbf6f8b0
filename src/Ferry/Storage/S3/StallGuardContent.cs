using System.Net;

namespace Ferry.Storage.S3;

/// <summary>An answer's body read through a <see cref="StallGuardStream"/>; its headers are the wrapped content's.</summary>
internal sealed class StallGuardContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TimeSpan _stall;

    public StallGuardContent(HttpContent inner, TimeSpan stall)
    {
        _inner = inner;
        _stall = stall;
        ContentHeaders.Copy(inner, this);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new StallGuardStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _stall);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new StallGuardStream(_inner.ReadAsStream(cancellationToken), _stall);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
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
