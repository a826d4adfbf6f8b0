using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Cli;
using Ferry.Testing.Foreign;

namespace Ferry.Cli.Tests;

public sealed class ForeignCliTests : IDisposable
{
    private const string Key = "cherry-studio.20250314093000.Anns-MacBook.mac.zip";
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task List_foreign_shows_the_apps_zips_even_before_any_Ferry_backup()
    {
        PutZip(Key, CherryArchive.BuildLegacy());

        var list = await _cli.RunAsync("list", "--foreign", "--json");

        Assert.Equal(0, list.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("foreign", row.GetProperty("kind").GetString());
        Assert.Equal(Key, row.GetProperty("key").GetString());
        Assert.Equal("Anns-MacBook", row.GetProperty("host").GetString());
        Assert.Equal("mac", row.GetProperty("device").GetString());
        Assert.Equal("2025-03-14T09:30:00", row.GetProperty("time").GetString());
        Assert.True(row.GetProperty("size").GetInt64() > 0);
    }

    [Fact]
    public async Task A_zip_restores_imports_and_then_lists_beside_the_snapshots_with_what_it_became()
    {
        var data = _cli.Sub("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);
        PutZip(Key, CherryArchive.Build(data));

        var restore = await _cli.RunAsync("restore", Key, "--to", _cli.Sub("restored"));
        var import = await _cli.RunAsync("import", Key);
        var text = await _cli.RunAsync("list", "--foreign");
        var json = await _cli.RunAsync("list", "--foreign", "--json");
        var fromSnapshot = await _cli.RunAsync("restore", "latest", "--host", "Anns-MacBook", "--to", _cli.Sub("from-snapshot"));

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Equal(0, fromSnapshot.ExitCode);
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_cli.Sub("restored")));
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_cli.Sub("from-snapshot")));
        Assert.Contains("imported", text.Stdout);
        var rows = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["snapshot", "snapshot", "foreign"], rows.Select(r => r.GetProperty("kind").GetString()));
        var importedAs = rows[2].GetProperty("imported_as").GetString();
        Assert.Contains(rows, r => r.GetProperty("kind").GetString() == "snapshot" && r.GetProperty("short_id").GetString() == importedAs);
    }

    [Fact]
    public async Task Restoring_or_importing_a_key_that_is_not_there_says_where_to_look()
    {
        var restore = await _cli.RunAsync("restore", Key, "--to", _cli.Sub("restored"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("ferry list --foreign", restore.Stderr);
    }

    public void Dispose() => _cli.Dispose();

    private void PutZip(string key, byte[] zip)
    {
        Directory.CreateDirectory(_cli.Sub("repository"));
        File.WriteAllBytes(Path.Combine(_cli.Sub("repository"), key), zip);
    }
}
