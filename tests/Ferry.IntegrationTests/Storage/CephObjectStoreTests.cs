using Ferry.Storage;
using Ferry.Testing.Servers;
using Ferry.Testing.Storage;

namespace Ferry.IntegrationTests.Storage;

/// <summary>The store contract against Ceph RGW: real SigV4, real pagination, real errors.</summary>
public sealed class CephObjectStoreTests(CephFixture ceph) : ObjectStoreContract, IClassFixture<CephFixture>
{
    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult(ceph.CreateStore());

    /// <summary>The lock's listing is timed from the moment its write was sent (RepositoryLock.ListingLag).</summary>
    [Fact]
    public async Task A_write_says_once_that_it_was_sent_and_reads_and_unwatched_writes_say_nothing()
    {
        var store = ceph.CreateStore();
        var writeSent = 0;
        var readsSent = 0;
        Task write;
        using (RequestSent.Watch(() => Interlocked.Increment(ref writeSent)))
        {
            write = store.PutAsync("locks/watched", new byte[300], CancellationToken.None);
        }

        await write;
        using (RequestSent.Watch(() => Interlocked.Increment(ref readsSent)))
        {
            await store.GetAsync("locks/watched", CancellationToken.None);
            await foreach (var _ in store.ListAsync("locks/", CancellationToken.None))
            {
            }
        }

        await store.PutAsync("locks/unwatched", new byte[300], CancellationToken.None);

        Assert.Equal(1, writeSent);
        Assert.Equal(0, readsSent);
    }
}
