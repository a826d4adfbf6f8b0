using Ferry.Apps;
using Ferry.Errors;
using Ferry.Platform;
using Ferry.Testing;

namespace Ferry.Tests.Apps;

public sealed class AppPresetsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Ferry_ships_presets_for_Cherry_Studio_a_generic_Electron_app_and_VS_Code()
    {
        var presets = AppPresets.Load(null);

        Assert.Equal(["cherry-studio", "electron", "vscode"], presets.Select(p => p.Name));
        Assert.All(presets, p => Assert.True(p.IsBuiltIn));
        var cherry = presets[0];
        Assert.Equal("Cherry Studio", cherry.DisplayName);
        foreach (var cache in new[] { "/Cache", "Code Cache", "GPUCache", "DawnCache", "Crashpad", "/logs" })
        {
            Assert.Contains(cache, cherry.Excludes);
        }

        Assert.Equal(["/Service Worker", "Partitions/*/Service Worker", "/File System", "/WebStorage", "Data/Files", "Data/KnowledgeBase"], cherry.LiteExcludes);
        Assert.Contains("IndexedDB/*/LOCK", cherry.LockFiles);
        Assert.Contains("cherry-studio", cherry.ProcessNames);
    }

    [Theory]
    [InlineData("linux", "HOME=/home/ann", "/home/ann/.config/CherryStudio")]
    [InlineData("linux", "HOME=/home/ann;XDG_CONFIG_HOME=/data/ann/config", "/data/ann/config/CherryStudio")]
    [InlineData("macos", "HOME=/Users/ann", "/Users/ann/Library/Application Support/CherryStudio")]
    [InlineData("windows", @"USERPROFILE=C:\Users\ann;APPDATA=C:\Users\ann\AppData\Roaming", @"C:\Users\ann\AppData\Roaming/CherryStudio")]
    public void Cherry_Studio_data_folder_is_where_the_app_keeps_it_on_each_OS(string os, string environment, string expected)
    {
        var folders = PlatformFolders.From(os, environment.Split(';').Select(e => e.Split('=')).ToDictionary(e => e[0], e => e[1]));

        var folder = AppPresets.ResolveDataFolder(AppPresets.Find("cherry-studio")!, folders);

        Assert.Equal(expected, folder);
    }

    [Fact]
    public void The_generic_Electron_preset_has_no_folder_of_its_own()
    {
        Assert.Null(AppPresets.ResolveDataFolder(AppPresets.Find("electron")!, new Dictionary<string, string> { ["HOME"] = "/home/ann" }));
    }

    [Fact]
    public void A_user_preset_adds_an_app_and_one_with_a_built_in_name_replaces_it()
    {
        var folder = _temp.Sub("apps");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes-app.json"), """
            // comments are fine
            { "name": "notes-app", "display_name": "Notes", "extends": "electron",
              "data_folder": { "linux": "{home}/notes", "macos": "{home}/notes", "windows": "{home}/notes" },
              "lite_excludes": ["attachments"], "processes": ["notes-app"], }
            """);
        File.WriteAllText(Path.Combine(folder, "vscode.json"), """{ "name": "vscode", "display_name": "My VS Code" }""");

        var presets = AppPresets.Load(folder);

        var notes = Assert.Single(presets, p => p.Name == "notes-app");
        Assert.False(notes.IsBuiltIn);
        Assert.Contains("GPUCache", notes.Excludes);
        Assert.Equal("attachments", notes.LiteExcludes[^1]);
        Assert.Equal("My VS Code", Assert.Single(presets, p => p.Name == "vscode").DisplayName);
        Assert.Equal(4, presets.Count);
    }

    [Theory]
    [InlineData("""{ "name": "x", "exclude": ["Cache"] }""", "exclude")]
    [InlineData("""{ "name": "Bad Name" }""", "lowercase")]
    [InlineData("""{ "name": "x", "data_folder": { "freebsd": "{home}/x" } }""", "freebsd")]
    [InlineData("""{ "name": "x", "excludes": ["../outside"] }""", "../outside")]
    [InlineData("""{ "name": "x", "extends": "nothing" }""", "nothing")]
    public void A_user_preset_with_a_mistake_is_refused_with_the_file_and_the_mistake(string json, string named)
    {
        var folder = _temp.Sub("apps");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "x.json"), json);

        var error = Assert.Throws<FerryException>(() => AppPresets.Load(folder));

        Assert.Contains(named, error.Message);
        Assert.Contains(named == "nothing" ? "'x'" : "x.json", error.Message);
    }

    [Fact]
    public void Names_match_at_any_depth_and_paths_are_anchored_to_the_data_folder()
    {
        var preset = new AppPreset { Name = "x", DisplayName = "X", Excludes = ["GPUCache", "/logs", "Partitions/*/Cache"], LiteExcludes = ["Data/Files"] };

        var normal = preset.ExcludePatterns(["/home/ann/.config/X"], lite: false);
        var lite = preset.ExcludePatterns(["/home/ann/.config/X"], lite: true);

        Assert.Equal(["GPUCache", "/home/ann/.config/X/logs", "/home/ann/.config/X/Partitions/*/Cache"], normal);
        Assert.Equal([.. normal, "/home/ann/.config/X/Data/Files"], lite);
    }

    [Fact]
    public void A_folder_is_recognised_by_its_place_or_by_its_name()
    {
        var presets = AppPresets.Load(null);
        var folders = PlatformFolders.From("linux", new Dictionary<string, string> { ["HOME"] = "/home/ann" });

        Assert.Equal("cherry-studio", AppPresets.Detect(presets, "/home/ann/.config/CherryStudio", folders)?.Name);
        Assert.Equal("cherry-studio", AppPresets.Detect(presets, "/mnt/old-laptop/CherryStudio", folders)?.Name);
        Assert.Equal("vscode", AppPresets.Detect(presets, "/home/ann/.config/Code/", folders)?.Name);
        Assert.Null(AppPresets.Detect(presets, "/home/ann/Documents", folders));
    }

    public void Dispose() => _temp.Dispose();
}
