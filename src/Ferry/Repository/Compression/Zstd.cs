using System.Diagnostics.CodeAnalysis;
using ZstdSharp;

namespace Ferry.Repository.Compression;

/// <summary>
/// zstd through ZstdSharp, one compressor per thread (they are not thread-safe and cost memory to make).
/// Data already compressed (photos, archives) is stored as it is: see <see cref="TryCompress"/>.
/// </summary>
internal static class Zstd
{
    /// <summary>Level 3 is zstd's default: most of the ratio for a fraction of higher levels' time.</summary>
    public const int Level = 3;

    [ThreadStatic]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "t_ marks a thread-static field, as in the .NET runtime.")]
    private static Compressor? t_compressor;

    [ThreadStatic]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "t_ marks a thread-static field, as in the .NET runtime.")]
    private static Decompressor? t_decompressor;

    public static int CompressBound(int length) => Compressor.GetCompressBound(length);

    /// <summary>
    /// Compresses into <paramref name="destination"/> and returns the length, or -1 when it would not
    /// save at least 1/32 of the input, so incompressible data costs no decompression on restore.
    /// </summary>
    public static int TryCompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var compressor = t_compressor ??= new Compressor(Level);
        var limit = source.Length - (source.Length >> 5);
        if (limit <= 0 || !compressor.TryWrap(source, destination, out var written))
        {
            return -1;
        }

        return written < limit ? written : -1;
    }

    /// <summary>Decompresses exactly <paramref name="destination"/>.Length bytes; anything else is corrupt input.</summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string what)
    {
        var decompressor = t_decompressor ??= new Decompressor();
        int written;
        try
        {
            written = decompressor.Unwrap(source, destination);
        }
        catch (ZstdException e)
        {
            throw new CorruptDataException($"{what} does not decompress: {e.Message}", e);
        }

        if (written != destination.Length)
        {
            throw new CorruptDataException($"{what} decompressed to {written} bytes instead of {destination.Length}");
        }
    }

    /// <summary>Decompresses data whose size is not known in advance, refusing more than <paramref name="maxLength"/> bytes.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> source, int maxLength, string what)
    {
        ulong size;
        try
        {
            size = Decompressor.GetDecompressedSize(source);
        }
        catch (ZstdException e)
        {
            throw new CorruptDataException($"{what} does not decompress: {e.Message}", e);
        }

        if (size == 0 || size > (ulong)maxLength)
        {
            throw new CorruptDataException($"{what} claims {size} bytes uncompressed, outside 1..{maxLength}");
        }

        var result = new byte[(int)size];
        Decompress(source, result, what);
        return result;
    }
}
