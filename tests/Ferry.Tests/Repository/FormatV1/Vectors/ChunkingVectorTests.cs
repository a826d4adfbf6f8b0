using System.Buffers.Binary;
using System.Security.Cryptography;
using Ferry.Repository;
using Ferry.Repository.Chunking;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>Chunk ids, the gear table a chunker seed gives, and where FastCDC cuts: they decide deduplication across versions.</summary>
public sealed class ChunkingVectorTests
{
    /// <summary>The chunker seed of these vectors: bytes 0x40..0x5f.</summary>
    private static readonly byte[] Seed = VectorKeys.Bytes(0x40, 32);

    [Fact]
    public void A_chunk_id_is_the_hmac_sha256_of_the_plaintext_under_the_id_key()
    {
        Assert.Equal("2722bc16cce37aab30e670b83c9d85e94469bd1d21c5cad516a9a96dc1076643", VectorKeys.Master.IdOf("ferry chunk id vector"u8).ToString());
    }

    [Theory]
    [InlineData(0, 0x0e45055cdb2a5cc5UL)]
    [InlineData(1, 0xe8e849ebe2cb1d50UL)]
    [InlineData(2, 0x6a6ed7699bbf9cbaUL)]
    [InlineData(3, 0xcdc9fb8f26092d23UL)]
    [InlineData(128, 0x2babfed4951b0e0eUL)]
    [InlineData(255, 0x8dcf9f007cee4ee5UL)]
    public void The_gear_table_comes_from_the_seed(int index, ulong expected)
    {
        Assert.Equal(expected, FastCdc.GearTable(Seed)[index]);
    }

    [Fact]
    public void Fastcdc_cuts_a_known_input_where_format_v1_cuts_it()
    {
        var input = Stream(4 << 20);

        var chunker = new FastCdc(Seed, FormatDefaults.ChunkerMin, FormatDefaults.ChunkerAvg, FormatDefaults.ChunkerMax);

        Assert.Equal(
            [287696, 109971, 261323, 100598, 297790, 303660, 99420, 262266, 467436, 310968, 273069, 343860, 309591, 327123, 272996, 166537],
            Cuts(chunker, input));
    }

    [Fact]
    public void Fastcdc_masks_follow_the_average_size_so_small_sizes_cut_where_they_did()
    {
        var input = Stream(8 << 10);

        var chunker = new FastCdc(Seed, 64, 256, 1024);

        Assert.Equal(
            [318, 118, 279, 225, 96, 441, 80, 275, 352, 298, 371, 160, 313, 480, 105, 282, 301, 318, 411, 265, 304, 269, 383, 460, 400, 268, 294, 326],
            Cuts(chunker, input));
    }

    private static List<int> Cuts(FastCdc chunker, byte[] input)
    {
        var cuts = new List<int>();
        for (var offset = 0; offset < input.Length; offset += cuts[^1])
        {
            cuts.Add(chunker.NextCut(input.AsSpan(offset)));
        }

        return cuts;
    }

    /// <summary>SHA-256("ferry fastcdc vector" | i as 4 bytes big-endian) for i = 0, 1, 2, …, concatenated.</summary>
    private static byte[] Stream(int length)
    {
        var bytes = new byte[length];
        var input = new byte[20 + 4];
        "ferry fastcdc vector"u8.CopyTo(input);
        for (var i = 0; i * 32 < length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(20), i);
            SHA256.HashData(input).AsSpan(0, Math.Min(32, length - (i * 32))).CopyTo(bytes.AsSpan(i * 32));
        }

        return bytes;
    }
}
