using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Repository.Crypto;

/// <summary>
/// <c>keys/&lt;id&gt;</c>: the master key wrapped by a key derived from the password. Plain JSON, since it
/// must be read before anything can be decrypted; only the wrapped key is secret.
/// </summary>
internal sealed class KeyFile
{
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("kdf")]
    public string Kdf { get; init; } = PasswordKdf.Algorithm;

    [JsonPropertyName("memory_kib")]
    public long MemoryKiB { get; init; }

    [JsonPropertyName("passes")]
    public long Passes { get; init; }

    [JsonPropertyName("parallelism")]
    public int Parallelism { get; init; }

    [JsonPropertyName("salt")]
    public byte[] Salt { get; init; } = [];

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    /// <summary>AES-256-GCM of the 64 key bytes (encryption key, then id key) under the derived key.</summary>
    [JsonPropertyName("wrapped_master_key")]
    public byte[] WrappedMasterKey { get; init; } = [];

    private static readonly byte[] Context = "ferry key v1"u8.ToArray();

    public static KeyFile Wrap(MasterKey masterKey, string password, PasswordKdf kdf, DateTimeOffset created, string host)
    {
        var plain = new byte[MasterKey.KeySize * 2];
        masterKey.EncryptionKey.CopyTo(plain, 0);
        masterKey.IdKey.CopyTo(plain, MasterKey.KeySize);
        return new KeyFile
        {
            MemoryKiB = kdf.MemoryKiB,
            Passes = kdf.Passes,
            Parallelism = kdf.Parallelism,
            Salt = kdf.Salt,
            Created = created,
            Host = host,
            WrappedMasterKey = Aead.Seal(kdf.DeriveKey(password), plain, Context),
        };
    }

    /// <summary>The master key, or null when <paramref name="password"/> is not this key's password.</summary>
    public MasterKey? TryUnwrap(string password)
    {
        if (Version != 1 || Kdf != PasswordKdf.Algorithm)
        {
            throw new CorruptDataException($"key file uses an unsupported format (version {Version}, kdf {Kdf})");
        }

        // JSON may say null where an array belongs: a damaged file, not a reason to crash.
        if (Salt is null || WrappedMasterKey is null)
        {
            throw new CorruptDataException("key file lacks its salt or its wrapped master key");
        }

        var derived = new PasswordKdf(MemoryKiB, Passes, Parallelism, Salt).DeriveKey(password);
        try
        {
            var plain = Aead.Open(derived, WrappedMasterKey, "key file", Context);
            if (plain.Length != MasterKey.KeySize * 2)
            {
                throw new CorruptDataException("key file holds a master key of the wrong size");
            }

            return new MasterKey(plain[..MasterKey.KeySize], plain[MasterKey.KeySize..]);
        }
        catch (CorruptDataException) when (WrappedMasterKey.Length == Aead.SealedLength(MasterKey.KeySize * 2))
        {
            // A well-formed key that does not open: the password is not this key's.
            return null;
        }
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FormatJson.Default.KeyFile);

    public static KeyFile Parse(ReadOnlySpan<byte> json, string key)
    {
        try
        {
            return JsonSerializer.Deserialize(json, FormatJson.Default.KeyFile)
                ?? throw new CorruptDataException($"{key} is empty");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException($"{key} is not a valid key file: {e.Message}", e);
        }
    }
}
