using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing.Storage;

namespace Ferry.Tests.Storage;

public sealed class MemoryObjectStoreTests : ObjectStoreContract
{
    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult<IObjectStore>(new MemoryObjectStore());
}
