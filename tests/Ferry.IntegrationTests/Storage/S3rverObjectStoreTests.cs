using System.Security.Cryptography;
using Ferry.Storage;
using Ferry.Testing.Servers;
using Ferry.Testing.Storage;

namespace Ferry.IntegrationTests.Storage;

/// <summary>
/// The store contract against s3rver, which stores aws-chunked request bodies verbatim: every
/// round trip here proves uploads go out as plain bodies.
/// </summary>
public sealed class S3rverObjectStoreTests(S3rverFixture s3rver) : ObjectStoreContract, IClassFixture<S3rverFixture>
{
    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult(s3rver.CreateStore());

    [Fact]
    public async Task An_upload_is_stored_byte_for_byte_not_as_aws_chunked()
    {
        var store = s3rver.CreateStore();
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        await store.PutAsync("data/ab/pack", data, CancellationToken.None);

        // An aws-chunked body kept verbatim would be longer (chunk headers and signatures) and differ.
        Assert.Equal(data.Length, (await store.StatAsync("data/ab/pack", CancellationToken.None))!.Size);
        var back = await store.GetAsync("data/ab/pack", CancellationToken.None);
        Assert.True(data.AsSpan().SequenceEqual(back));
    }
}
