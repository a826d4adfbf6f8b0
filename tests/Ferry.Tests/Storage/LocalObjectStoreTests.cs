using Ferry.Storage;
using Ferry.Storage.Local;
using Ferry.Testing;
using Ferry.Testing.Storage;

namespace Ferry.Tests.Storage;

public sealed class LocalObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult<IObjectStore>(new LocalObjectStore(_folder.Sub($"store-{Guid.NewGuid():N}")));

    [Fact]
    public async Task A_crashed_put_leaves_no_visible_object()
    {
        var root = _folder.Sub("crash");
        var store = new LocalObjectStore(root);
        Directory.CreateDirectory(Path.Combine(root, "data"));
        await File.WriteAllBytesAsync(Path.Combine(root, "data", "pack.abc.tmp-ferry"), new byte[10]);

        await foreach (var o in store.ListAsync("", CancellationToken.None))
        {
            Assert.Fail($"listed a temporary file: {o.Key}");
        }
    }

    public void Dispose() => _folder.Dispose();
}
