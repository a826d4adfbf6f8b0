using Ferry.Errors;
using Ferry.Repository;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Errors;

/// <summary>The engine says what went wrong and names the next step; a front end words the step.</summary>
public sealed class RemedyTests
{
    private static string? Words(Remedy remedy) => remedy == Remedy.CreateRepository ? "make one" : null;

    [Fact]
    public async Task Opening_an_empty_location_names_creating_a_repository_without_naming_a_command()
    {
        var refused = await Assert.ThrowsAsync<RepositoryNotInitializedException>(() =>
            FerryRepository.OpenAsync(new MemoryObjectStore(), "test password", TimeProvider.System, CancellationToken.None));

        Assert.Equal(Remedy.CreateRepository, refused.Remedy);
        Assert.DoesNotContain("ferry ", refused.Message, StringComparison.Ordinal);
        Assert.Equal($"{refused.Message}; make one", UserErrors.Describe(refused, Words));
    }

    [Fact]
    public void A_message_without_a_remedy_or_without_words_for_it_is_shown_as_it_is()
    {
        Assert.Equal("plain", UserErrors.Describe(new FerryException("plain"), Words));
        Assert.Equal("no words", UserErrors.Describe(new FerryException("no words") { Remedy = Remedy.ListApps }, Words));
        Assert.Equal("a local file", UserErrors.Describe(new IOException("a local file"), Words));
    }
}
