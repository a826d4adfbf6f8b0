using System.Text;
using Ferry.Repository.Compression;
using Ferry.Repository.Crypto;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>Sealed bytes (nonce | AES-256-GCM ciphertext | tag) around a frame (0 | raw, or 1 | zstd frame).</summary>
public sealed class SealedBlobVectorTests
{
    private static readonly byte[] RawPlain = "stored as is"u8.ToArray();
    private const string RawFrame = "0073746f726564206173206973";
    private const string RawNonce = "a0a1a2a3a4a5a6a7a8a9aaab";
    private const string RawSealed = "a0a1a2a3a4a5a6a7a8a9aaabe66b084237ae669f0316a7ba7472ebf807a54d02120fb0082bf55a5096";

    /// <summary>What <c>zstd -3 --no-check</c> makes of <see cref="Text"/>: a standard frame with its content size.</summary>
    private const string ZstdFrame = "28b52ffd606803c50100f4024665727279206b656570732065766572792076657273696f6e206f6620746865206e6f74657320666f6c6465722e0a0100b741feaa0c";
    private const string ZstdNonce = "b0b1b2b3b4b5b6b7b8b9babb";
    private const string ZstdSealed = "b0b1b2b3b4b5b6b7b8b9babb987def8411add35c82f99756cf1bedb0f64569b9704bff467eabf4942efbd260603950530cb086d7c37bd4225999ecda590864e77d542e9428f8423a059b97be4c42326a7242e4eb2ce561623a0721f3082dab";

    private static readonly byte[] Text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("Ferry keeps every version of the notes folder.\n", 24)));

    [Fact]
    public void A_raw_frame_is_a_zero_byte_then_the_plaintext_and_seals_to_known_bytes()
    {
        var frame = BlobCodec.FrameRented(RawPlain, out var length);
        var sealedBytes = new byte[Aead.SealedLength(length)];
        Aead.SealWithNonce(VectorKeys.Encryption, Convert.FromHexString(RawNonce), frame.AsSpan(0, length), sealedBytes);

        Assert.Equal(RawFrame, Convert.ToHexStringLower(frame.AsSpan(0, length)));
        Assert.Equal(RawSealed, Convert.ToHexStringLower(sealedBytes));
    }

    [Fact]
    public void Known_sealed_raw_bytes_decode_to_their_plaintext()
    {
        Assert.Equal(RawPlain, BlobCodec.Decode(VectorKeys.Master, Convert.FromHexString(RawSealed), RawPlain.Length, "vector"));
    }

    [Fact]
    public void A_zstd_frame_seals_to_known_bytes()
    {
        var frame = Convert.FromHexString("01" + ZstdFrame);
        var sealedBytes = new byte[Aead.SealedLength(frame.Length)];

        Aead.SealWithNonce(VectorKeys.Encryption, Convert.FromHexString(ZstdNonce), frame, sealedBytes);

        Assert.Equal(ZstdSealed, Convert.ToHexStringLower(sealedBytes));
    }

    [Fact]
    public void Known_sealed_zstd_bytes_decode_to_their_text_with_and_without_a_known_length()
    {
        var sealedBytes = Convert.FromHexString(ZstdSealed);

        Assert.Equal(Text, BlobCodec.Decode(VectorKeys.Master, sealedBytes, Text.Length, "vector"));
        Assert.Equal(Text, BlobCodec.DecodeUnsized(VectorKeys.Master, sealedBytes, 1 << 20, "vector"));
    }

    [Fact]
    public void A_standard_zstd_frame_decodes_to_its_text()
    {
        var frame = Convert.FromHexString(ZstdFrame);
        var into = new byte[Text.Length];

        Zstd.Decompress(frame, into, "vector");

        Assert.Equal(Text, into);
        Assert.Equal(Text, Zstd.Decompress(frame, 1 << 20, "vector"));
    }

    [Fact]
    public void The_writer_marks_compressed_frames_1_and_stores_what_does_not_shrink_as_0()
    {
        var compressed = BlobCodec.FrameRented(Text, out var compressedLength);
        var noise = new byte[4096];
        new Random(1).NextBytes(noise);
        var stored = BlobCodec.FrameRented(noise, out var storedLength);

        Assert.Equal(1, compressed[0]);
        Assert.Equal(Text, Zstd.Decompress(compressed.AsSpan(1, compressedLength - 1), Text.Length, "frame"));
        Assert.Equal(0, stored[0]);
        Assert.Equal(noise, stored.AsSpan(1, storedLength - 1).ToArray());
    }
}
