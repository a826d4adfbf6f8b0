using Ferry.Storage;
using Ferry.Testing.Servers;
using Ferry.Testing.Storage;

namespace Ferry.IntegrationTests.Storage;

/// <summary>The store contract against Ceph RGW: real SigV4, real pagination, real errors.</summary>
public sealed class CephObjectStoreTests(CephFixture ceph) : ObjectStoreContract, IClassFixture<CephFixture>
{
    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult(ceph.CreateStore());
}
