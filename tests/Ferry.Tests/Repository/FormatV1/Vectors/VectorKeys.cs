using Ferry.Repository.Crypto;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>
/// The fixed keys of the format v1 vectors. Every expected value in this folder was computed from
/// docs/FORMAT.md by vectors.py (Python's hashlib and cryptography, the zstd command), not by
/// Ferry; the tests compare Ferry with those committed bytes.
/// </summary>
internal static class VectorKeys
{
    /// <summary>The master key's AES-256-GCM half: bytes 0x00..0x1f.</summary>
    public static readonly byte[] Encryption = Bytes(0x00, 32);

    /// <summary>The master key's HMAC-SHA-256 half: bytes 0x20..0x3f.</summary>
    public static readonly byte[] Id = Bytes(0x20, 32);

    public static readonly MasterKey Master = new(Encryption, Id);

    /// <summary><paramref name="count"/> consecutive byte values from <paramref name="first"/>.</summary>
    public static byte[] Bytes(int first, int count) => [.. Enumerable.Range(first, count).Select(i => (byte)i)];

    /// <summary>An id of 32 equal bytes.</summary>
    public static ChunkId Repeated(byte value) => new(Enumerable.Repeat(value, ChunkId.Size).ToArray());
}
