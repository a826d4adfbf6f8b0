using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Repository;

public sealed class CryptoTests
{
    private readonly MasterKey _key = MasterKey.CreateRandom();

    [Fact]
    public void A_blob_round_trips_compressed_or_not()
    {
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible chat history ", 5000)));
        var noise = new byte[100_000];
        new Random(1).NextBytes(noise);

        Assert.Equal(text, BlobCodec.Decode(_key, BlobCodec.Encode(_key, text), text.Length, "t"));
        Assert.Equal(noise, BlobCodec.Decode(_key, BlobCodec.Encode(_key, noise), noise.Length, "n"));
        Assert.True(BlobCodec.Encode(_key, text).Length < text.Length / 10);
        Assert.Equal(noise.Length + 1 + Aead.Overhead, BlobCodec.Encode(_key, noise).Length);
    }

    [Fact]
    public void Any_flipped_bit_is_detected()
    {
        var sealedBlob = BlobCodec.Encode(_key, "secret notes"u8);
        for (var i = 0; i < sealedBlob.Length; i++)
        {
            var damaged = (byte[])sealedBlob.Clone();
            damaged[i] ^= 1;
            Assert.Throws<CorruptDataException>(() => BlobCodec.Decode(_key, damaged, 12, "blob"));
        }
    }

    [Fact]
    public void Another_key_cannot_read_a_blob()
    {
        var sealedBlob = BlobCodec.Encode(_key, "secret notes"u8);

        Assert.Throws<CorruptDataException>(() => BlobCodec.Decode(MasterKey.CreateRandom(), sealedBlob, 12, "blob"));
    }

    [Fact]
    public void Chunk_ids_are_keyed_so_the_same_content_has_other_ids_in_another_repository()
    {
        Assert.Equal(_key.IdOf("same"u8), _key.IdOf("same"u8));
        Assert.NotEqual(_key.IdOf("same"u8), MasterKey.CreateRandom().IdOf("same"u8));
    }

    [Fact]
    public void A_key_file_opens_with_its_password_only()
    {
        var kdf = new PasswordKdf(8 * 1024, 1, 1, new byte[16]);
        var keyFile = KeyFile.Wrap(_key, "right", kdf, DateTimeOffset.UnixEpoch, "host");
        var parsed = KeyFile.Parse(keyFile.ToJson(), "keys/x");

        Assert.Equal(_key.EncryptionKey, parsed.TryUnwrap("right")!.EncryptionKey);
        Assert.Null(parsed.TryUnwrap("wrong"));
    }

    [Fact]
    public void A_key_file_asking_for_absurd_memory_is_refused()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""{"version":1,"kdf":"argon2id","memory_kib":999999999,"passes":1,"parallelism":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","wrapped_master_key":"AA=="}""");

        Assert.Throws<CorruptDataException>(() => KeyFile.Parse(json, "keys/x").TryUnwrap("test password"));
    }

    [Fact]
    public async Task A_repository_opens_only_with_its_password()
    {
        var store = new MemoryObjectStore();
        var created = await FerryRepository.InitAsync(store, "the right password", "host", TimeProvider.System, CancellationToken.None);

        var opened = await FerryRepository.OpenAsync(store, "the right password", TimeProvider.System, CancellationToken.None);

        Assert.Equal(created.Id, opened.Id);
        await Assert.ThrowsAsync<WrongPasswordException>(() => FerryRepository.OpenAsync(store, "wrong", TimeProvider.System, CancellationToken.None));
        await Assert.ThrowsAsync<RepositoryNotInitializedException>(() => FerryRepository.OpenAsync(new MemoryObjectStore(), "the right password", TimeProvider.System, CancellationToken.None));
    }
}
