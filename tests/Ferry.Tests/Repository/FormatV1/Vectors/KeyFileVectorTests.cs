using Ferry.Repository.Crypto;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>
/// The key file: Argon2id over the password's UTF-16LE bytes (what NSec's string overload hashes)
/// to a key that unwraps the 64 master-key bytes. A change here locks every user out.
/// </summary>
public sealed class KeyFileVectorTests
{
    private const string Password = "ferry format v1 test password";

    /// <summary>Salt 0x00..0x0f.</summary>
    private static readonly byte[] Salt = VectorKeys.Bytes(0, 16);

    private const string DerivedKey = "2c5148c958d0548853bb15debdb1d9236985d82b867480e6c787f9136998207c";

    /// <summary>A key file for <see cref="Password"/>, its master key sealed under nonce e0..eb with "ferry key v1".</summary>
    private const string KeyFileJson = """{"version":1,"kdf":"argon2id","memory_kib":19456,"passes":4,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw==","created":"2025-03-14T09:00:00+00:00","host":"vector-host","wrapped_master_key":"4OHi4+Tl5ufo6errz/nCLOdwMQNfdKqRbUBx0sYMPTcFNXRqIQrVEhOXCjv/Fcy7O8c/bS0oqA7NVI1i7s3ocOP3G9afDSiz7elDBK0WCDsSZX3EsfGK2rrLPa8="}""";

    [Fact]
    public void Argon2id_with_the_default_parameters_and_a_fixed_salt_gives_a_known_key()
    {
        var kdf = new PasswordKdf(19456, 4, 1, Salt);

        Assert.Equal(DerivedKey, Convert.ToHexStringLower(kdf.DeriveKey(Password)));
    }

    [Fact]
    public void A_non_ascii_password_is_hashed_as_its_utf16_bytes()
    {
        var kdf = new PasswordKdf(64, 1, 1, Salt);

        Assert.Equal("e41d40a4af54156f731e22dc3fe8488d40a79d8a42a6b328a4ac44cec7f3a0e2", Convert.ToHexStringLower(kdf.DeriveKey("pässwörd 密码")));
    }

    [Fact]
    public void A_known_key_file_unwraps_its_master_key_with_its_password_only()
    {
        var keyFile = KeyFile.Parse(System.Text.Encoding.UTF8.GetBytes(KeyFileJson), "keys/vector");

        var key = keyFile.TryUnwrap(Password);

        Assert.NotNull(key);
        Assert.Equal(VectorKeys.Encryption, key.EncryptionKey);
        Assert.Equal(VectorKeys.Id, key.IdKey);
        Assert.Null(keyFile.TryUnwrap("not the password"));
    }

    [Fact]
    public void A_key_file_is_written_with_format_v1_field_names_in_order()
    {
        var keyFile = KeyFile.Parse(System.Text.Encoding.UTF8.GetBytes(KeyFileJson), "keys/vector");
        var rewritten = new KeyFile
        {
            MemoryKiB = keyFile.MemoryKiB,
            Passes = keyFile.Passes,
            Parallelism = keyFile.Parallelism,
            Salt = keyFile.Salt,
            Created = keyFile.Created,
            Host = keyFile.Host,
            WrappedMasterKey = keyFile.WrappedMasterKey,
        };

        Assert.Equal(KeyFileJson, System.Text.Encoding.UTF8.GetString(rewritten.ToJson()));
    }

    [Fact]
    public void Wrapping_seals_the_encryption_key_then_the_id_key_under_the_derived_key()
    {
        var keyFile = KeyFile.Wrap(VectorKeys.Master, Password, new PasswordKdf(19456, 4, 1, Salt), DateTimeOffset.UnixEpoch, "host");

        var plain = Aead.Open(Convert.FromHexString(DerivedKey), keyFile.WrappedMasterKey, "key", "ferry key v1"u8);

        Assert.Equal([.. VectorKeys.Encryption, .. VectorKeys.Id], plain);
    }
}
