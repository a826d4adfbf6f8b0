using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Apps;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

public sealed class AppCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public AppCliTests()
    {
        _cli.Environment["HOME"] = _cli.Sub("home");
        _cli.Environment["USERPROFILE"] = _cli.Sub("home");
        _cli.Environment.Remove("XDG_CONFIG_HOME");
    }

    private string CherryDataFolder => Path.Combine(_cli.Sub("home"), ".config", "CherryStudio");

    [Fact]
    public async Task Backup_app_finds_the_data_folder_and_skips_caches_logs_and_locks()
    {
        CherryFolder.Write(CherryDataFolder);

        var backup = await _cli.RunAsync("backup", "--app", "cherry-studio");
        var ls = await _cli.RunAsync("ls", "latest", "--json");

        Assert.Equal(0, backup.ExitCode);
        Assert.Contains("backing up Cherry Studio", backup.Stderr);
        var paths = Paths(ls);
        Assert.Contains("IndexedDB/file__0.indexeddb.leveldb/000003.log", paths);
        Assert.Contains("Data/Files/photo.png", paths);
        Assert.Contains("Data/Notes/logs/today.md", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("Cache", StringComparison.Ordinal) || p.Contains("GPUCache", StringComparison.Ordinal) || p.StartsWith("logs", StringComparison.Ordinal) || p == "SingletonLock");
    }

    [Fact]
    public async Task Backup_app_lite_also_skips_attachments_and_knowledge_base_files()
    {
        CherryFolder.Write(CherryDataFolder);

        var backup = await _cli.RunAsync("backup", "--app", "cherry-studio", "--lite");
        var paths = Paths(await _cli.RunAsync("ls", "latest", "--json"));

        Assert.Equal(0, backup.ExitCode);
        Assert.Contains("Data/Notes/logs/today.md", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("Data/Files", StringComparison.Ordinal) || p.StartsWith("Data/KnowledgeBase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backup_of_a_folder_with_lite_uses_the_preset_its_name_points_to()
    {
        var copy = _cli.Sub("usb/CherryStudio");
        CherryFolder.Write(copy);

        var backup = await _cli.RunAsync("backup", copy, "--lite");
        var paths = Paths(await _cli.RunAsync("ls", "latest", "--json"));

        Assert.Equal(0, backup.ExitCode);
        Assert.DoesNotContain(paths, p => p.StartsWith("Data/Files", StringComparison.Ordinal) || p.StartsWith("Cache", StringComparison.Ordinal));
        Assert.Contains("Data/Notes/logs/today.md", paths);
    }

    [Fact]
    public async Task A_user_preset_in_the_config_folder_is_listed_and_used()
    {
        Directory.CreateDirectory(_cli.Sub("config/apps"));
        await File.WriteAllTextAsync(_cli.Sub("config/apps/notes.json"), """
            { "name": "notes", "display_name": "My Notes", "data_folder": { "linux": "{home}/notes", "macos": "{home}/notes", "windows": "{home}/notes" },
              "excludes": ["*.tmp"] }
            """);
        Directory.CreateDirectory(_cli.Sub("home/notes"));
        await File.WriteAllTextAsync(_cli.Sub("home/notes/a.md"), "a");
        await File.WriteAllTextAsync(_cli.Sub("home/notes/b.tmp"), "b");

        var apps = await _cli.RunAsync("apps", "--json");
        var backup = await _cli.RunAsync("backup", "--app", "notes");
        var paths = Paths(await _cli.RunAsync("ls", "latest", "--json"));

        var listed = JsonDocument.Parse(apps.Stdout).RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(["cherry-studio", "electron", "notes", "vscode"], listed.Keys.Order());
        Assert.False(listed["notes"].GetProperty("built_in").GetBoolean());
        Assert.True(listed["notes"].GetProperty("found").GetBoolean());
        Assert.Equal(CherryDataFolder, listed["cherry-studio"].GetProperty("data_folder").GetString());
        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(["a.md"], paths);
    }

    [Theory]
    [InlineData(new[] { "backup", "--app", "no-such-app" }, 2, "no app preset named 'no-such-app'; 'ferry apps' lists them")]
    [InlineData(new[] { "backup", "--app", "cherry-studio" }, 1, "data folder")]
    [InlineData(new[] { "backup", "--app", "electron" }, 2, "names no data folder")]
    [InlineData(new[] { "backup" }, 2, "name at least one folder")]
    public async Task Backup_app_explains_what_is_missing(string[] args, int code, string message)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(code, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Restore_into_the_folder_of_a_running_app_is_refused_unless_forced()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);
        Directory.CreateDirectory(CherryDataFolder);
        File.CreateSymbolicLink(Path.Combine(CherryDataFolder, "SingletonLock"), $"{Environment.MachineName}-{Environment.ProcessId}");

        var refused = await _cli.RunAsync("restore", "latest", "--to", CherryDataFolder);
        var forced = await _cli.RunAsync("restore", "latest", "--to", CherryDataFolder, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Cherry Studio seems to be running and using", refused.Stderr);
        Assert.Contains("add --force", refused.Stderr);
        Assert.Contains("restoring anyway (--force)", forced.Stderr);
        Assert.DoesNotContain("add --force", forced.Stderr);
    }

    public void Dispose() => _cli.Dispose();

    private static List<string> Paths(CliRun ls) =>
        [.. JsonDocument.Parse(ls.Stdout).RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()!)];
}
