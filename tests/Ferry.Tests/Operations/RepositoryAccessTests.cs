using Ferry.Errors;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Operations;

/// <summary>Open-or-create as every front end does it: who is asked for the password, and when twice.</summary>
public sealed class RepositoryAccessTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task A_known_password_creates_the_repository_once_and_then_opens_it_with_the_cache()
    {
        var first = await RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known("test password"), "laptop", TimeProvider.System, _temp.Sub("cache"), None);
        var second = await RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known("test password"), "laptop", TimeProvider.System, _temp.Sub("cache"), None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Repository.Id, second.Repository.Id);
        Assert.True(Directory.Exists(_temp.Sub("cache")), "the device's cache is in use");
    }

    [Fact]
    public async Task A_typed_password_is_asked_twice_only_for_a_new_repository()
    {
        var asked = new List<bool>();
        var typed = PasswordSource.Asked(confirm =>
        {
            asked.Add(confirm);
            return "test password";
        });

        Assert.True((await RepositoryAccess.OpenOrCreateAsync(_store, typed, "laptop", TimeProvider.System, null, None)).Created);
        Assert.False((await RepositoryAccess.OpenOrCreateAsync(_store, typed, "laptop", TimeProvider.System, null, None)).Created);

        Assert.Equal([true, false], asked);
    }

    [Fact]
    public async Task No_password_creates_nothing_and_says_to_give_one()
    {
        var e = await Assert.ThrowsAsync<FerryException>(() => RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known(null), "laptop", TimeProvider.System, null, None));

        Assert.Equal(Remedy.GivePassword, e.Remedy);
        Assert.False(await FerryRepository.IsInitializedAsync(_store, None));
    }

    [Fact]
    public async Task A_wrong_password_for_an_existing_repository_is_refused_and_creates_nothing_new()
    {
        var created = await RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known("test password"), "laptop", TimeProvider.System, null, None);

        await Assert.ThrowsAnyAsync<FerryException>(() => RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known("another password"), "laptop", TimeProvider.System, null, None));

        Assert.Equal(created.Repository.Id, (await RepositoryAccess.OpenOrCreateAsync(_store, PasswordSource.Known("test password"), "laptop", TimeProvider.System, null, None)).Repository.Id);
    }

    public void Dispose() => _temp.Dispose();
}
