using Ferry.Tests.Cli;

namespace Ferry.Tests.Names;

/// <summary>Every name Linux allows is backed up and restored on Linux exactly: the bytes of each name and of each file.</summary>
public sealed class SameSystemNamesTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string Source => _cli.Sub("App");

    [Fact]
    public async Task Every_name_Linux_allows_is_backed_up_and_restored_byte_for_byte()
    {
        OddNamesTree.Write(Source);

        var backup = await _cli.RunAsync("backup", Source);
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        Assert.Equal(OddNamesTree.Expected(), OddNamesTree.Describe(Source));
        Assert.Equal(OddNamesTree.Expected(), OddNamesTree.Describe(_cli.Sub("restored")));
    }

    [Fact]
    public async Task A_backslash_in_a_name_leaves_the_snapshot_listable_checkable_and_restorable()
    {
        OddNamesTree.Write(Source, "normal.txt", "back\\slash");

        var backup = await _cli.RunAsync("backup", Source);
        var ls = await _cli.RunAsync("ls", "latest");
        var check = await _cli.RunAsync("check");
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.True(ls.ExitCode == 0, ls.Stderr);
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        Assert.Equal(OddNamesTree.Expected("normal.txt", "back\\slash"), OddNamesTree.Describe(_cli.Sub("restored")));
    }

    [Fact]
    public async Task Names_that_are_not_UTF8_are_stored_as_their_bytes_not_skipped()
    {
        OddNamesTree.Write(Source);
        var notUtf8 = OddNamesTree.Expected().Keys.Where(hex => !System.Text.Unicode.Utf8.IsValid(Convert.FromHexString(hex))).ToList();

        var backup = await _cli.RunAsync("backup", Source);
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.Equal(4, notUtf8.Count);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.DoesNotContain("could not back up", backup.Stderr);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var restored = OddNamesTree.Describe(_cli.Sub("restored"));
        Assert.All(notUtf8, hex => Assert.Equal(OddNamesTree.Expected()[hex], restored.GetValueOrDefault(hex)));
    }

    public void Dispose() => _cli.Dispose();
}
