using System.Security.Cryptography;

namespace Ferry.Repository.Crypto;

/// <summary>
/// The repository's secret: an AES-256-GCM key for everything stored, and a separate HMAC key
/// for chunk ids, so the provider cannot test whether a known file is in the bucket.
/// Made once at init, kept only wrapped by password-derived keys (see <see cref="KeyFile"/>).
/// </summary>
internal sealed class MasterKey
{
    public const int KeySize = 32;

    public MasterKey(byte[] encryptionKey, byte[] idKey)
    {
        if (encryptionKey.Length != KeySize || idKey.Length != KeySize)
        {
            throw new ArgumentException("master keys are 32 bytes each");
        }

        EncryptionKey = encryptionKey;
        IdKey = idKey;
    }

    public byte[] EncryptionKey { get; }

    public byte[] IdKey { get; }

    public static MasterKey CreateRandom() => new(RandomNumberGenerator.GetBytes(KeySize), RandomNumberGenerator.GetBytes(KeySize));

    /// <summary>The keyed id of a chunk or tree's plaintext.</summary>
    public ChunkId IdOf(ReadOnlySpan<byte> plaintext)
    {
        Span<byte> mac = stackalloc byte[ChunkId.Size];
        HMACSHA256.HashData(IdKey, plaintext, mac);
        return new ChunkId(mac);
    }
}
