using Ferry.Configuration;
using Ferry.Errors;
using Ferry.Scheduling;
using Ferry.Testing;

namespace Ferry.Tests.Scheduling;

/// <summary>What the page's and the agent's backups cover, from the saved settings.</summary>
public sealed class AutoBackupPlanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_saved_app_without_a_folder_means_its_data_folder_and_user_presets_beside_the_config_count()
    {
        Directory.CreateDirectory(_temp.Sub("config/apps"));
        File.WriteAllText(_temp.Sub("config/apps/notes.json"), """
            { "name": "notes", "data_folder": { "linux": "{home}/notes", "macos": "{home}/notes", "windows": "{home}/notes" },
              "excludes": ["*.tmp"], "lite_excludes": ["attachments"] }
            """);
        Directory.CreateDirectory(_temp.Sub("home/notes"));
        var source = Source();

        var plan = AutoBackupPlan.From(new SavedSettings { App = "notes", Lite = true });
        var backup = plan.ResolveBackup(source);

        Assert.True((plan with { IntervalMinutes = 60 }).Enabled);
        Assert.Equal([_temp.Sub("home/notes")], backup.Folders);
        Assert.Equal(["*.tmp", "attachments"], backup.Excludes);
    }

    [Fact]
    public void Neither_an_app_nor_a_folder_is_refused_with_what_to_set()
    {
        var plan = AutoBackupPlan.From(new SavedSettings { AutoBackupMinutes = 60 });

        var error = Assert.Throws<FerryException>(() => plan.ResolveBackup(Source()));

        Assert.False(plan.Enabled);
        Assert.Equal("no folder to back up", error.Message);
        Assert.Equal(Remedy.ChooseSource, error.Remedy);
    }

    public void Dispose() => _temp.Dispose();

    private SettingsSource Source() =>
        new(_temp.Sub("config/config.json"), new Dictionary<string, string> { ["HOME"] = _temp.Sub("home"), ["USERPROFILE"] = _temp.Sub("home") }, TimeProvider.System);
}
