using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>
/// Restores that could be steered outside their target: through a symlink already in the target,
/// an --include that climbs out, a target that is itself a link, or a stored symlink whose mode
/// and time must not land on what it points to. Nothing outside the target may change.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileRestoreTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Replace_with_include_does_not_follow_a_symlink_in_the_target_out_of_it()
    {
        var source = _cli.Sub("App");
        Directory.CreateDirectory(Path.Combine(source, "Data", "Notes"));
        File.WriteAllText(Path.Combine(source, "Data", "Notes", "note.md"), "from the snapshot");
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        var outside = _cli.Sub("outside");
        Directory.CreateDirectory(Path.Combine(outside, "Notes"));
        File.WriteAllText(Path.Combine(outside, "Notes", "precious.md"), "not Ferry's to touch");
        var target = _cli.Sub("target");
        Directory.CreateDirectory(target);
        Directory.CreateSymbolicLink(Path.Combine(target, "Data"), outside);
        var before = TreeAssert.Describe(outside);

        var restore = await _cli.RunAsync("restore", "latest", "--to", target, "--replace", "--include", "Data/Notes");

        Assert.Equal(before, TreeAssert.Describe(outside));
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("is a symbolic link", restore.Stderr);
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("/etc")]
    [InlineData("Data/../../escaped")]
    public async Task An_include_that_climbs_out_writes_nothing(string include)
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        var target = _cli.Sub("box/target");

        var restore = await _cli.RunAsync("restore", "latest", "--to", target, "--include", include);

        Assert.NotEqual(0, restore.ExitCode);
        Assert.DoesNotContain("   at ", restore.Stderr);
        Assert.False(Path.Exists(_cli.Sub("box/escaped")));
        Assert.False(Path.Exists(_cli.Sub("escaped")));
    }

    [Fact]
    public async Task A_target_that_is_a_symlink_is_refused()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        Directory.CreateDirectory(_cli.Sub("elsewhere"));
        Directory.CreateSymbolicLink(_cli.Sub("link"), _cli.Sub("elsewhere"));

        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("link"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Sub("elsewhere")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_stored_symlink_does_not_pass_its_mode_or_time_to_what_it_points_at()
    {
        var outsideFile = _cli.Sub("outside.txt");
        File.WriteAllText(outsideFile, "mine");
        File.SetUnixFileMode(outsideFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var source = _cli.Sub("App");
        Directory.CreateDirectory(source);
        File.CreateSymbolicLink(Path.Combine(source, "link"), outsideFile);
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        File.SetLastWriteTimeUtc(outsideFile, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = (File.GetUnixFileMode(outsideFile), File.GetLastWriteTimeUtc(outsideFile));

        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.Equal(0, restore.ExitCode);
        Assert.Equal(outsideFile, new FileInfo(_cli.Sub("restored/link")).LinkTarget);
        Assert.Equal(before, (File.GetUnixFileMode(outsideFile), File.GetLastWriteTimeUtc(outsideFile)));
    }

    public void Dispose() => _cli.Dispose();
}
