using Ferry.Errors;
using Ferry.Testing;
using Ferry.Web.Api;

namespace Ferry.Web.Tests.Api;

/// <summary>The engine's next steps in the page's words: its own controls, never options of the command line.</summary>
public sealed class PageRemediesTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(SourceTree.Root, "src", "Ferry.Web", "wwwroot", "index.html"));

    [Fact]
    public void Renaming_unsafe_names_is_the_pages_own_button()
    {
        var words = PageRemedies.Words(Remedy.RenameUnsafeNames)!;

        Assert.StartsWith("Restore with safe names ", words, StringComparison.Ordinal);
        Assert.Contains(">Restore with safe names</button>", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_restore_of_unsafe_names_is_worded_without_the_options_of_the_command_line()
    {
        var refused = new FerryException("2 entries cannot be restored into /x under their names") { Remedy = Remedy.RenameUnsafeNames };
        var partial = new FerryException("2 entries need other names in /x") { Remedy = Remedy.RestoreWholeSnapshot };

        Assert.Equal("2 entries cannot be restored into /x under their names; Restore with safe names gives each a name this disk can hold, listed afterwards", PageRemedies.Describe(refused));
        Assert.Equal("2 entries need other names in /x; restore the whole backup, or into a new folder", PageRemedies.Describe(partial));
    }

    [Theory]
    [InlineData(Remedy.SetEndpoint)] // the message marks the page's Endpoint field itself
    [InlineData(Remedy.RemoveUnusedData)] // no control removes unused data now: maintenance does
    public void What_the_page_has_no_control_for_gets_no_words(Remedy remedy) =>
        Assert.Null(PageRemedies.Words(remedy));

    [Fact]
    public void No_words_of_the_page_name_an_option_or_a_variable_of_the_command_line()
    {
        // What only the command line offers (a check) is named as a command to run in a terminal, on purpose.
        var words = Enum.GetValues<Remedy>().Select(PageRemedies.Words).OfType<string>().Where(w => !w.Contains(" in a terminal", StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain(words, w => w.Contains("--", StringComparison.Ordinal) || w.Contains("FERRY_", StringComparison.Ordinal));
    }
}
