using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

public sealed class MaintenanceCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Forget_without_a_policy_is_a_usage_error()
    {
        var run = await _cli.RunAsync("forget");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--keep-last", run.Stderr);
    }

    [Fact]
    public async Task Forget_keeps_the_newest_per_device_and_prune_then_check_pass()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        foreach (var host in new[] { "a", "a", "a", "b" })
        {
            await File.AppendAllTextAsync(Path.Combine(source, "log.txt"), $"{host}\n");
            Assert.Equal(0, (await _cli.RunAsync("backup", source, "--host", host)).ExitCode);
        }

        var dryRun = await _cli.RunAsync("forget", "--keep-last", "1", "--dry-run");
        var forget = await _cli.RunAsync("forget", "--keep-last", "1", "--prune");
        var check = await _cli.RunAsync("check", "--read-data");
        var left = JsonDocument.Parse((await _cli.RunAsync("list", "--json")).Stdout).RootElement;

        Assert.Contains("dry run: nothing removed", dryRun.Stdout);
        Assert.Equal(0, forget.ExitCode);
        Assert.Contains("removed 2 snapshots", forget.Stdout);
        Assert.Contains("reclaimed", forget.Stdout);
        Assert.Equal(0, check.ExitCode);
        Assert.Equal(["a", "b"], left.EnumerateArray().Select(s => s.GetProperty("host").GetString()).Order());
    }

    [Fact]
    public async Task Max_backups_after_a_backup_keeps_the_newest_n()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        for (var i = 0; i < 4; i++)
        {
            await File.AppendAllTextAsync(Path.Combine(source, "log.txt"), $"{i}\n");
            Assert.Equal(0, (await _cli.RunAsync("backup", source, "--max-backups", "2")).ExitCode);
        }

        var left = JsonDocument.Parse((await _cli.RunAsync("list", "--json")).Stdout).RootElement;
        Assert.Equal(2, left.GetArrayLength());
    }

    [Fact]
    public async Task Diff_prints_what_changed_between_two_snapshots()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);
        await File.WriteAllTextAsync(Path.Combine(source, "added.md"), "new");
        File.Delete(Path.Combine(source, "Data", "note-02.md"));
        await _cli.RunAsync("backup", source);
        var ids = JsonDocument.Parse((await _cli.RunAsync("list", "--json")).Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("short_id").GetString()!).ToList();

        var diff = await _cli.RunAsync("diff", ids[1], ids[0]);

        Assert.Equal(0, diff.ExitCode);
        Assert.Contains("+ added.md", diff.Stdout);
        Assert.Contains("- Data/note-02.md", diff.Stdout);
        Assert.Contains("1 added, 1 removed, 0 changed", diff.Stdout);
    }

    [Fact]
    public async Task Check_read_data_subset_takes_a_percentage()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        await _cli.RunAsync("backup", source);

        Assert.Equal(0, (await _cli.RunAsync("check", "--read-data-subset", "50%")).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync("check", "--read-data-subset", "lots")).ExitCode);
    }

    public void Dispose() => _cli.Dispose();
}
