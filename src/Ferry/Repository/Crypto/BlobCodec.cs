using System.Buffers;

namespace Ferry.Repository.Crypto;

/// <summary>
/// Turns a chunk's plaintext into what is stored, and back: a one-byte header (0 = stored as is,
/// 1 = zstd) and the payload, then AES-256-GCM over both. Compression happens inside the
/// encryption, so the provider cannot learn how compressible the data was.
/// </summary>
internal static class BlobCodec
{
    private const byte Raw = 0;
    private const byte Zstd = 1;

    /// <summary>
    /// Compresses (when it pays) and encrypts <paramref name="plaintext"/>; returns the sealed bytes.
    /// <paramref name="associatedData"/>, when given, binds the blob to a context (the object's kind).
    /// </summary>
    public static byte[] Encode(MasterKey key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var frame = FrameRented(plaintext, out var length);
        try
        {
            return Aead.Seal(key.EncryptionKey, frame.AsSpan(0, length), associatedData);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>
    /// The first half of <see cref="Encode"/>: the header byte and the (compressed when it pays)
    /// payload, in the first <paramref name="length"/> bytes of a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> that the caller returns. A backup encrypts the frame straight
    /// into its pack (<see cref="Packs.PackWriter.Seal"/>), so no sealed copy of a chunk is ever made.
    /// </summary>
    public static byte[] FrameRented(ReadOnlySpan<byte> plaintext, out int length)
    {
        var frame = ArrayPool<byte>.Shared.Rent(1 + Compression.Zstd.CompressBound(plaintext.Length));
        var compressed = Compression.Zstd.TryCompress(plaintext, frame.AsSpan(1));
        if (compressed < 0)
        {
            frame[0] = Raw;
            plaintext.CopyTo(frame.AsSpan(1));
            length = 1 + plaintext.Length;
        }
        else
        {
            frame[0] = Zstd;
            length = 1 + compressed;
        }

        return frame;
    }

    /// <summary>Decrypts and decompresses a blob whose plaintext is <paramref name="rawLength"/> bytes.</summary>
    public static byte[] Decode(MasterKey key, ReadOnlySpan<byte> sealedBytes, int rawLength, string what)
    {
        var plain = new byte[rawLength];
        DecodeInto(key, sealedBytes, plain, what);
        return plain;
    }

    /// <summary>
    /// Decrypts and decompresses a blob into <paramref name="destination"/>, exactly its plaintext
    /// length. The decrypted frame lives in a pooled buffer: restores decode thousands of blobs.
    /// </summary>
    public static void DecodeInto(MasterKey key, ReadOnlySpan<byte> sealedBytes, Span<byte> destination, string what)
    {
        var length = Aead.PlainLength(sealedBytes, what);
        var opened = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            Aead.Open(key.EncryptionKey, sealedBytes, opened.AsSpan(0, length), what);
            var frame = opened.AsSpan(0, length);
            switch (frame.IsEmpty ? (byte)255 : frame[0])
            {
                case Raw when frame.Length - 1 == destination.Length:
                    frame[1..].CopyTo(destination);
                    break;
                case Zstd:
                    Compression.Zstd.Decompress(frame[1..], destination, what);
                    break;
                default:
                    throw new CorruptDataException($"{what} has an unknown encoding or the wrong length");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(opened);
        }
    }

    /// <summary>Decrypts and decompresses a blob of unknown size (metadata objects), refusing more than <paramref name="maxLength"/>.</summary>
    public static byte[] DecodeUnsized(MasterKey key, ReadOnlySpan<byte> sealedBytes, int maxLength, string what, ReadOnlySpan<byte> associatedData = default)
    {
        var opened = Aead.Open(key.EncryptionKey, sealedBytes, what, associatedData);
        if (opened.Length == 0)
        {
            throw new CorruptDataException($"{what} is empty");
        }

        return opened[0] switch
        {
            Raw when opened.Length - 1 <= maxLength => opened[1..],
            Zstd => Compression.Zstd.Decompress(opened.AsSpan(1), maxLength, what),
            _ => throw new CorruptDataException($"{what} has an unknown encoding or is too large"),
        };
    }
}
