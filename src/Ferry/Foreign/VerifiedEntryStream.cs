using System.IO.Hashing;
using Ferry.Repository;

namespace Ferry.Foreign;

/// <summary>
/// An archive entry's content that is checked against the CRC-32 and size the archive records when
/// its end is reached (System.IO.Compression does not check them): a damaged entry fails instead of
/// being restored or imported wrong.
/// </summary>
internal sealed class VerifiedEntryStream(Stream inner, uint crc, long length, string what) : Stream
{
    private readonly Crc32 _crc = new();
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new CorruptDataException($"{what} is damaged: {e.Message}", e);
        }

        _crc.Append(buffer.Span[..n]);
        _read += n;
        if (n == 0 && buffer.Length > 0 && (_read != length || _crc.GetCurrentHashAsUInt32() != crc))
        {
            throw new CorruptDataException($"{what} is damaged: its content does not match the checksum the archive recorded");
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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
