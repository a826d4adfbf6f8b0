using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Backup_then_list_json_shows_the_snapshot_with_the_fields_scripts_rely_on()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);

        var backup = await _cli.RunAsync("backup", source, "--host", "laptop-a", "--tag", "daily");
        var list = await _cli.RunAsync("list", "--json");

        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(0, list.ExitCode);
        var snapshot = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        foreach (var field in new[] { "id", "time", "host", "os", "paths", "tags", "files", "bytes", "added" })
        {
            Assert.True(snapshot.TryGetProperty(field, out _), $"list --json lacks '{field}'");
        }

        Assert.Equal("laptop-a", snapshot.GetProperty("host").GetString());
        Assert.Equal("daily", snapshot.GetProperty("tags")[0].GetString());
        Assert.EndsWith("Z", snapshot.GetProperty("time").GetString());
        Assert.Equal(source, snapshot.GetProperty("paths")[0].GetString());
    }

    [Fact]
    public async Task Ls_lists_every_entry_by_its_restored_path_as_text_and_as_json()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);

        var text = await _cli.RunAsync("ls", "latest");
        var json = await _cli.RunAsync("ls", "latest", "Data", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Data/note-01.md", text.Stdout);
        Assert.Contains("link-to-config -> config.json", text.Stdout);
        var entries = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("Data/Files/photo.png", entries);
        Assert.All(entries, p => Assert.StartsWith("Data", p));
        Assert.Equal(Directory.GetFileSystemEntries(Path.Combine(source, "Data"), "*", SearchOption.AllDirectories).Length + 1, entries.Count);
    }

    [Fact]
    public async Task Restore_latest_into_an_empty_folder_reproduces_the_source()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);

        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.Equal(0, restore.ExitCode);
        TreeAssert.Identical(source, _cli.Sub("restored"));
    }

    [Fact]
    public async Task Restore_into_a_non_empty_folder_refuses_and_touches_nothing()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);
        var target = _cli.Sub("existing");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "precious");

        var restore = await _cli.RunAsync("restore", "latest", "--to", target);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("not empty", restore.Stderr);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Wrong_password_is_one_clear_line_and_exit_1()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);
        _cli.Environment["FERRY_PASSWORD"] = "not the password";

        var list = await _cli.RunAsync("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("wrong password", list.Stderr);
        Assert.Single(list.Stderr.Trim().Split('\n'), l => l.StartsWith("ferry:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_an_uninitialised_repository_says_so()
    {
        var list = await _cli.RunAsync("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("no Ferry repository", list.Stderr);
        Assert.Contains("; run 'ferry init', or check the bucket, root path or folder", list.Stderr);
    }

    [Fact]
    public async Task Without_a_password_and_a_terminal_a_command_says_where_to_give_one()
    {
        _cli.Environment.Remove("FERRY_PASSWORD");

        var list = await _cli.RunAsync("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Equal("ferry: no encryption password; set FERRY_PASSWORD or FERRY_PASSWORD_FILE, or run 'ferry config set password -'", list.Stderr.Trim());
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors_with_exit_2()
    {
        var run = await _cli.RunAsync("backup", "--no-such-option", "x");

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Delete_removes_only_the_named_snapshot()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source, "--host", "a");
        await _cli.RunAsync("backup", source, "--host", "b");
        var before = JsonDocument.Parse((await _cli.RunAsync("list", "--json")).Stdout).RootElement;
        var victim = before.EnumerateArray().Single(s => s.GetProperty("host").GetString() == "a").GetProperty("id").GetString()!;

        var delete = await _cli.RunAsync("delete", victim[..8]);

        Assert.Equal(0, delete.ExitCode);
        var after = JsonDocument.Parse((await _cli.RunAsync("list", "--json")).Stdout).RootElement;
        Assert.Equal("b", Assert.Single(after.EnumerateArray()).GetProperty("host").GetString());
    }

    [Fact]
    public async Task A_secret_given_on_the_command_line_is_refused()
    {
        var run = await _cli.RunAsync("config", "set", "secret-access-key", "wJalrXUtnFEMI");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("wJalrXUtnFEMI", run.Stderr + run.Stdout);
        Assert.False(File.Exists(_cli.Environment["FERRY_CONFIG"]));
    }

    [Fact]
    public async Task A_secret_from_stdin_is_saved_0600_and_never_shown()
    {
        _cli.Stdin = "wJalrXUtnFEMI-secret\n";

        var set = await _cli.RunAsync("config", "set", "secret-access-key", "-");
        var show = await _cli.RunAsync("config", "show");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("wJalrXUtnFEMI-secret", await File.ReadAllTextAsync(_cli.Environment["FERRY_CONFIG"]));
        Assert.DoesNotContain("wJalrXUtnFEMI", set.Stdout + set.Stderr + show.Stdout + show.Stderr);
        Assert.Contains("(set, hidden)", show.Stdout);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.Environment["FERRY_CONFIG"]));
        }
    }

    [Fact]
    public async Task Command_line_beats_environment_beats_config_file()
    {
        await _cli.RunAsync("config", "set", "bucket", "from-file");
        await _cli.RunAsync("config", "set", "region", "eu-file-1");
        _cli.Environment["FERRY_S3_REGION"] = "us-env-1";
        _cli.Environment.Remove("FERRY_REPOSITORY");

        var show = await _cli.RunAsync("config", "show", "--repo", _cli.Sub("flag-repo"));

        Assert.Contains("from-file", show.Stdout);
        Assert.Contains("us-env-1", show.Stdout);
        Assert.DoesNotContain("eu-file-1", show.Stdout);
        Assert.Contains($"local folder {_cli.Sub("flag-repo")}", show.Stdout);
    }

    public void Dispose() => _cli.Dispose();
}
