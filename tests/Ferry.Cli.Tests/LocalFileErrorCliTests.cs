using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

/// <summary>
/// A folder on this computer that Ferry cannot create or write is the user's to fix: one line that
/// names the path, exit 1, and never the "please report this" of a bug.
/// </summary>
public sealed class LocalFileErrorCliTests
{
    [Fact]
    public async Task A_repository_folder_that_cannot_be_created_is_named_in_one_line_and_not_reported_as_a_bug()
    {
        using var cli = new CliHarness();
        var file = FileInTheWay(cli);
        cli.Environment["FERRY_REPOSITORY"] = Path.Combine(file, "repository");

        var run = await cli.RunAsync("init");

        AssertUserError(run, file);
    }

    [Fact]
    public async Task A_restore_target_that_cannot_be_created_is_named_in_one_line_and_not_reported_as_a_bug()
    {
        using var cli = new CliHarness();
        SampleTree.Write(cli.Sub("app"));
        Assert.Equal(0, (await cli.RunAsync("init")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("backup", cli.Sub("app"))).ExitCode);
        var file = FileInTheWay(cli);

        var run = await cli.RunAsync("restore", "latest", "--to", Path.Combine(file, "restored"));

        AssertUserError(run, file);
    }

    /// <summary>A plain file where a folder would have to be: no operating system lets a folder be made inside it.</summary>
    private static string FileInTheWay(CliHarness cli)
    {
        var file = cli.Sub("a-file");
        File.WriteAllText(file, "not a folder");
        return file;
    }

    private static void AssertUserError(CliRun run, string path)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stderr}");
        // Progress lines may come first; the failure is one line of its own.
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("ferry:", StringComparison.Ordinal));
        Assert.Contains(Path.GetFileName(path), line, StringComparison.Ordinal);
        Assert.DoesNotContain("report", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", line, StringComparison.Ordinal);
    }
}
