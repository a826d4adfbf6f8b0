using Ferry.Errors;
using Ferry.Operations;
using Ferry.Repository;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Operations;

/// <summary>The connection test every front end runs: the store's steps, then what it says about the repository.</summary>
public sealed class ConnectionTestTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task An_empty_location_passes_and_says_the_first_backup_creates_the_repository_without_creating_it()
    {
        var report = await ConnectionTest.RunAsync(_store, PasswordSource.Known("test password"), TimeProvider.System, None);

        Assert.True(report.Ok);
        Assert.Equal(RepositoryFound.NoneYet, report.Repository?.Found);
        Assert.False(await FerryRepository.IsInitializedAsync(_store, None));
        Assert.Empty(await _store.ListAsync("", None).ToListAsync());
    }

    [Fact]
    public async Task A_repository_opens_with_its_password_and_names_its_id()
    {
        var repository = await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);

        var report = await ConnectionTest.RunAsync(_store, PasswordSource.Known("test password"), TimeProvider.System, None);

        Assert.True(report.Ok);
        Assert.Equal(new RepositoryFinding(RepositoryFound.Opens, repository.Id), report.Repository);
    }

    [Fact]
    public async Task A_wrong_or_missing_password_fails_the_test_with_the_engines_reason()
    {
        await FerryRepository.InitAsync(_store, "test password", "laptop", TimeProvider.System, None);

        var wrong = await ConnectionTest.RunAsync(_store, PasswordSource.Known("another password"), TimeProvider.System, None);
        var missing = await ConnectionTest.RunAsync(_store, PasswordSource.Known(null), TimeProvider.System, None);

        Assert.False(wrong.Ok);
        Assert.Equal(RepositoryFound.DoesNotOpen, wrong.Repository?.Found);
        Assert.IsType<WrongPasswordException>(wrong.Repository?.Failure);
        Assert.False(missing.Ok);
        Assert.Equal(Remedy.GivePassword, missing.Repository?.Failure?.Remedy);
    }
}
