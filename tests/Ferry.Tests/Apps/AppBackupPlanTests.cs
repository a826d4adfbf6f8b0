using Ferry.Apps;
using Ferry.Testing;

namespace Ferry.Tests.Apps;

/// <summary>The one decision the command line, the page and the agent share: which preset, folders and excludes.</summary>
public sealed class AppBackupPlanTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly IReadOnlyList<AppPreset> _presets = AppPresets.Load(null);
    private readonly Dictionary<string, string> _environment;

    public AppBackupPlanTests()
    {
        _environment = new() { ["HOME"] = _temp.Sub("home"), ["USERPROFILE"] = _temp.Sub("home") };
    }

    private string CherryFolder => Path.GetFullPath(Path.Combine(_temp.Sub("home"), ".config", "CherryStudio"));

    [Fact]
    public void A_named_app_without_a_folder_backs_up_its_data_folder_here_and_skips_its_caches()
    {
        Directory.CreateDirectory(CherryFolder);

        var plan = Resolve("Cherry-Studio", [], lite: false);

        Assert.Equal("cherry-studio", plan.Preset?.Name);
        Assert.Equal([CherryFolder], plan.Folders);
        Assert.Contains("GPUCache", plan.Excludes);
        Assert.Contains($"{CherryFolder}/Cache", plan.Excludes);
        Assert.DoesNotContain($"{CherryFolder}/Data/Files", plan.Excludes);
    }

    [Fact]
    public void Lite_adds_the_presets_bulky_files_anchored_to_the_folder_given()
    {
        var folder = _temp.Sub("usb/Chats");

        var plan = Resolve("cherry-studio", [folder], lite: true);

        Assert.Equal([folder], plan.Folders);
        Assert.Contains($"{folder}/Data/Files", plan.Excludes);
        Assert.Contains($"{folder}/Data/KnowledgeBase", plan.Excludes);
        Assert.Contains($"{folder}/Cache", plan.Excludes);
    }

    [Fact]
    public void Without_an_app_a_folder_follows_the_preset_it_belongs_to_even_without_lite()
    {
        var copy = _temp.Sub("old-laptop/CherryStudio");

        var plan = Resolve(null, [copy], lite: false);

        Assert.Equal("cherry-studio", plan.Preset?.Name);
        Assert.Contains($"{copy}/Cache", plan.Excludes);
        Assert.DoesNotContain($"{copy}/Data/Files", plan.Excludes);
    }

    [Fact]
    public void A_folder_no_preset_knows_skips_nothing_and_with_lite_follows_the_generic_Electron_rules()
    {
        var folder = _temp.Sub("Documents");

        var plain = Resolve(null, [folder], lite: false);
        var lite = Resolve(null, [folder], lite: true);

        Assert.Null(plain.Preset);
        Assert.Empty(plain.Excludes);
        Assert.Equal(AppBackupPlan.GenericPreset, lite.Preset?.Name);
        Assert.Contains($"{folder}/Service Worker", lite.Excludes);
        Assert.Contains("GPUCache", lite.Excludes);
    }

    [Theory]
    [InlineData("no-such-app", AppSelectionProblem.UnknownApp, "no app preset named 'no-such-app'")]
    [InlineData("electron", AppSelectionProblem.NoDataFolder, "names no data folder")]
    [InlineData("cherry-studio", AppSelectionProblem.DataFolderMissing, "does not exist")]
    public void An_app_that_cannot_be_backed_up_here_says_why(string app, AppSelectionProblem problem, string message)
    {
        var error = Assert.Throws<AppSelectionException>(() => Resolve(app, [], lite: false));

        Assert.Equal(problem, error.Problem);
        Assert.Contains(message, error.Message);
    }

    public void Dispose() => _temp.Dispose();

    private AppBackupPlan Resolve(string? app, IReadOnlyList<string> folders, bool lite) =>
        AppBackupPlan.Resolve(_presets, app, folders, lite, _environment);
}
