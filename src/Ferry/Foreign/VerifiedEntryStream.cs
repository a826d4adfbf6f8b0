using System.IO.Hashing;
using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Foreign;

/// <summary>
/// An archive entry's content that is checked against the CRC-32 and size the archive records when
/// its end is reached (System.IO.Compression does not check them): a damaged entry fails instead of
/// being restored or imported wrong.
/// </summary>
internal sealed class VerifiedEntryStream(Stream inner, uint crc, long length, string what) : ReadOnlyWrapperStream(inner)
{
    private readonly Crc32 _crc = new();
    private long _read;

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
            n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
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
}
