using Ferry.Testing.Cli;
using Ferry.Testing.Names;

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
        Assert.Equal(OddNamesTree.Describe(Source, withMetadata: true), OddNamesTree.Describe(_cli.Sub("restored"), withMetadata: true));
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

    [Fact]
    public async Task Ls_shows_every_name_unambiguously_as_text_and_as_json()
    {
        OddNamesTree.Write(Source);
        await _cli.RunAsync("backup", Source);

        var text = await _cli.RunAsync("ls", "latest");
        var json = await _cli.RunAsync("ls", "latest", "--json");

        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OddNamesTree.Expected().Count, lines.Length); // a line break in a name does not make two lines
        Assert.Contains(lines, l => l.EndsWith(" \"line\\nbreak\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" \"back\\\\slash\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" \"caf\\xE9.txt\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" \"dir-\\xE9/inner.txt\"", StringComparison.Ordinal));
        var entries = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("path_raw", out var raw) ? raw.GetBytesFromBase64() : System.Text.Encoding.UTF8.GetBytes(e.GetProperty("path").GetString()!))
            .Select(Convert.ToHexString);
        Assert.Equal(OddNamesTree.Expected().Keys, entries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Include_takes_a_path_as_ls_shows_it()
    {
        OddNamesTree.Write(Source);
        await _cli.RunAsync("backup", Source);

        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("part"), "--include", "\"caf\\xE9.txt\"", "--include", "back\\slash", "--include", "\"dir-\\xE9\"");

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var restored = OddNamesTree.Describe(_cli.Sub("part"));
        var expected = OddNamesTree.Expected();
        Assert.Equal(4, restored.Count); // two files, a folder and the file in it
        Assert.All(restored, e => Assert.Equal(expected[e.Key], e.Value));
    }

    [Fact]
    public async Task Replacing_a_folder_that_holds_names_that_are_not_UTF8_keeps_them_in_the_safety_snapshot()
    {
        OddNamesTree.Write(Source);
        await _cli.RunAsync("backup", Source);
        var target = _cli.Sub("target");
        OddNamesTree.Write(target);
        await System.IO.File.WriteAllTextAsync(Path.Combine(target, "only-in-target.txt"), "precious");

        var replace = await _cli.RunAsync("restore", "latest", "--to", target, "--replace", "--json");
        var safety = System.Text.Json.JsonDocument.Parse(replace.Stdout).RootElement.GetProperty("safety_snapshot").GetString()!;
        var undo = await _cli.RunAsync("restore", safety, "--to", _cli.Sub("undo"));

        Assert.True(replace.ExitCode == 0, replace.Stderr);
        Assert.Equal(OddNamesTree.Expected(), OddNamesTree.Describe(target));
        Assert.True(undo.ExitCode == 0, undo.Stderr);
        var before = OddNamesTree.Expected();
        before[Convert.ToHexString("only-in-target.txt"u8)] = $"file {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("precious"u8)).ToLowerInvariant()}";
        Assert.Equal(before, OddNamesTree.Describe(_cli.Sub("undo")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_cli.Sub("")), e => e.Contains(".ferry-", StringComparison.Ordinal)); // the old tree, names and all, was deleted
    }

    [Fact]
    public async Task A_refused_restore_names_each_conflict_as_text_and_json_and_writes_nothing()
    {
        var windowsName = await SnapshotWithAWindowsNameAsync();
        var target = _cli.Sub("target");

        var refused = await _cli.RunAsync("restore", "latest", "--to", target, "--json");
        var renamed = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("renamed"), "--rename-unsafe");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"cannot restore {windowsName}: is 604 bytes long", refused.Stderr);
        Assert.Equal($"ferry: 1 entry of the snapshot cannot be restored into {target} under their names (this file system cannot hold them); nothing was written; restore again with --rename-unsafe to restore them under names it can hold: each is listed, and a backup of that folder stores the original names again", refused.Stderr.Split('\n').Last(l => l.Length > 0));
        var json = System.Text.Json.JsonDocument.Parse(refused.Stdout).RootElement;
        Assert.True(json.GetProperty("renamable").GetBoolean());
        Assert.Equal(windowsName, Assert.Single(json.GetProperty("conflicts").EnumerateArray()).GetProperty("path").GetString());
        Assert.False(Directory.Exists(target));
        Assert.Equal(4, renamed.ExitCode);
        Assert.Contains($"renamed {windowsName} -> ", renamed.Stderr);
        Assert.Equal(3, Directory.GetFileSystemEntries(_cli.Sub("renamed")).Length); // fine.txt, the renamed file, the list of renames
    }

    [Fact]
    public async Task Replacing_only_a_path_that_needs_another_name_is_refused_with_the_whole_restore_as_the_way_out()
    {
        var windowsName = await SnapshotWithAWindowsNameAsync();
        var target = _cli.Sub("target");
        Assert.Equal(4, (await _cli.RunAsync("restore", "latest", "--to", target, "--rename-unsafe")).ExitCode);

        var partial = await _cli.RunAsync("restore", "latest", "--to", target, "--replace", "--include", windowsName, "--rename-unsafe");

        Assert.Equal(1, partial.ExitCode);
        Assert.Equal($"ferry: 1 entry of the snapshot need other names in {target}, which replacing only some paths cannot keep track of; nothing was written; restore the whole snapshot (without --include), or into a new folder", partial.Stderr.Split('\n').Last(l => l.Length > 0));
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>A snapshot of fine.txt and a name from Windows (returned): 200 characters there, 604 bytes here, where a name holds 255.</summary>
    private async Task<string> SnapshotWithAWindowsNameAsync()
    {
        var windowsName = string.Concat(Enumerable.Repeat("\u4E2D", 200)) + ".txt";
        var repository = await Ferry.Repository.FerryRepository.InitAsync(new Ferry.Storage.Local.LocalObjectStore(_cli.Environment["FERRY_REPOSITORY"]), _cli.Environment["FERRY_PASSWORD"], "h", TimeProvider.System, CancellationToken.None);
        var file = (string name) => new Ferry.Repository.Trees.TreeNode { Name = name, Type = Ferry.Repository.Trees.NodeType.File, Content = [], Size = 0 };
        await Restore.HandMadeSnapshot.WithAsync(repository, file(windowsName), file("fine.txt"));
        return windowsName;
    }
}
