using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ferry.Repository.Crypto;

/// <summary>
/// Authenticated encryption of one stored blob: AES-256-GCM with a random 96-bit nonce.
/// Layout: nonce (12) | ciphertext | tag (16). Random nonces stay safe far past the number of
/// blobs a personal repository holds (NIST's bound is 2^32 messages per key).
/// </summary>
internal static class Aead
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    [ThreadStatic]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "t_ marks a thread-static field, as in the .NET runtime.")]
    private static AesGcm? t_gcm;

    [ThreadStatic]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "t_ marks a thread-static field, as in the .NET runtime.")]
    private static byte[]? t_key;

    public static int SealedLength(int plaintextLength) => plaintextLength + Overhead;

    /// <summary>
    /// One cipher per thread and key: setting one up costs a native context and a key schedule,
    /// which adds up over the hundred thousand blobs of a folder of small files.
    /// </summary>
    private static AesGcm For(byte[] key)
    {
        if (t_gcm is null || !ReferenceEquals(t_key, key))
        {
            t_gcm?.Dispose();
            t_gcm = new AesGcm(key, TagSize);
            t_key = key;
        }

        return t_gcm;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/> (exactly <see cref="SealedLength"/> bytes).</summary>
    public static void Seal(byte[] key, ReadOnlySpan<byte> plaintext, Span<byte> destination, ReadOnlySpan<byte> associatedData = default)
    {
        var nonce = destination[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        SealWithNonce(key, nonce, plaintext, destination, associatedData);
    }

    /// <summary>
    /// <see cref="Seal(byte[], ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/> with a given nonce. Only for
    /// fixed test vectors of the format: a nonce must never be used twice under one key.
    /// </summary>
    internal static void SealWithNonce(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> destination, ReadOnlySpan<byte> associatedData = default)
    {
        nonce.CopyTo(destination);
        For(key).Encrypt(nonce, plaintext, destination.Slice(NonceSize, plaintext.Length), destination.Slice(NonceSize + plaintext.Length, TagSize), associatedData);
    }

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var sealedBytes = new byte[SealedLength(plaintext.Length)];
        Seal(key, plaintext, sealedBytes, associatedData);
        return sealedBytes;
    }

    /// <summary>Decrypts and authenticates; throws <see cref="CorruptDataException"/> naming <paramref name="what"/> if anything was changed.</summary>
    public static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedBytes, string what, ReadOnlySpan<byte> associatedData = default)
    {
        var plaintext = new byte[PlainLength(sealedBytes, what)];
        Open(key, sealedBytes, plaintext, what, associatedData);
        return plaintext;
    }

    /// <summary>The plaintext length of <paramref name="sealedBytes"/>; too short to be sealed data is corrupt.</summary>
    public static int PlainLength(ReadOnlySpan<byte> sealedBytes, string what) =>
        sealedBytes.Length >= Overhead ? sealedBytes.Length - Overhead
            : throw new CorruptDataException($"{what} is too short to be encrypted data ({sealedBytes.Length} bytes)");

    /// <summary>Decrypts into <paramref name="plaintext"/> (exactly <see cref="PlainLength"/> bytes).</summary>
    public static void Open(byte[] key, ReadOnlySpan<byte> sealedBytes, Span<byte> plaintext, string what, ReadOnlySpan<byte> associatedData = default)
    {
        try
        {
            For(key).Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plaintext.Length), sealedBytes[^TagSize..], plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CorruptDataException($"{what} failed authentication: it was changed or damaged after it was stored", e);
        }
    }
}
