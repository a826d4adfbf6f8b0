using System.Text;
using System.Text.Json;
using Ferry.Testing.Cli;
using Ferry.Testing.Names;

namespace Ferry.IntegrationTests.Names;

/// <summary>
/// A snapshot made on Linux, restored onto real Windows-like file systems (exFAT and NTFS through
/// FUSE, from image files): what the target cannot hold is refused before anything is written, or with
/// --rename-unsafe restored under listed names, every file exactly once with its exact content; and a
/// backup from there gives the original names back. What each file system holds is found by probing it.
/// </summary>
[Trait("Category", "Names")]
public sealed class WindowsLikeTargetTests : IDisposable
{
    /// <summary>Refused by exFAT: reserved characters, control characters, bytes that are not UTF-8, and the later of two names that differ only by case.</summary>
    private static readonly string[] ExFatConflicts =
        ["\"back\\\\slash\"", "colon:name.txt", "a<b>c", "what?.txt", "pipe|star*quote\"", "\"line\\nbreak\"", "Readme", "sub/file.txt", "\"caf\\xE9.txt\"", "\"\\xFF\\xFE-bytes\"", "\"dir-\\xE9\""];

    /// <summary>Refused by NTFS with windows_names: reserved and control characters, device names, trailing dot and space, bytes that are not UTF-8. Case twins are fine: ntfs-3g keeps case apart.</summary>
    private static readonly string[] NtfsConflicts =
        ["\"back\\\\slash\"", "colon:name.txt", "a<b>c", "what?.txt", "pipe|star*quote\"", "\"line\\nbreak\"", "CON.txt", "AUX", "nul.txt", "trailing.", "\"trailing \"", "\"caf\\xE9.txt\"", "\"\\xFF\\xFE-bytes\"", "\"dir-\\xE9\""];

    private readonly CliHarness _cli = new();

    private string Source => _cli.Sub("App");

    [FuseFact]
    public async Task Names_that_differ_only_by_case_are_never_merged_on_exFAT()
    {
        string[] twins = ["Readme", "README", "sub/File.txt", "sub/file.txt"];
        await BackUpAsync(twins);
        using var volume = FuseVolume.ExFat(_cli.Sub("exfat"));

        var restore = await _cli.RunAsync("restore", "latest", "--to", Path.Combine(volume.Root, "App"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Equal(["Readme", "sub/file.txt"], ConflictsIn(restore.Stderr));
        Assert.Contains("only by case", restore.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(volume.Root));
    }

    [FuseFact]
    public async Task Device_names_reserved_characters_and_trailing_dots_are_refused_clearly_on_NTFS()
    {
        string[] names = ["normal.txt", "CON.txt", "AUX", "nul.txt", "a<b>c", "what?.txt", "trailing.", "trailing "];
        await BackUpAsync(names);
        using var volume = FuseVolume.Ntfs(_cli.Sub("ntfs"));

        var restore = await _cli.RunAsync("restore", "latest", "--to", Path.Combine(volume.Root, "App"));

        Assert.Equal(1, restore.ExitCode);
        Assert.DoesNotContain("unexpected error", restore.Stderr);
        Assert.Equal(new[] { "a<b>c", "AUX", "CON.txt", "nul.txt", "trailing.", "\"trailing \"", "what?.txt" }.Order(StringComparer.Ordinal), ConflictsIn(restore.Stderr).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(volume.Root));
    }

    [FuseFact]
    public async Task On_exFAT_the_odd_names_are_refused_before_anything_is_written()
    {
        await BackUpAsync();
        using var volume = FuseVolume.ExFat(_cli.Sub("exfat"));

        var restore = await _cli.RunAsync("restore", "latest", "--to", Path.Combine(volume.Root, "App"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Equal(ExFatConflicts.Order(StringComparer.Ordinal), ConflictsIn(restore.Stderr).Order(StringComparer.Ordinal));
        Assert.Contains("--rename-unsafe", restore.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(volume.Root));
    }

    [FuseFact]
    public async Task On_NTFS_the_odd_names_are_refused_before_anything_is_written_and_case_twins_are_not_conflicts()
    {
        await BackUpAsync();
        using var volume = FuseVolume.Ntfs(_cli.Sub("ntfs"));

        var restore = await _cli.RunAsync("restore", "latest", "--to", Path.Combine(volume.Root, "App"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Equal(NtfsConflicts.Order(StringComparer.Ordinal), ConflictsIn(restore.Stderr).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(volume.Root));
    }

    [FuseFact]
    public async Task On_exFAT_with_rename_unsafe_every_file_lands_once_with_its_content_and_each_rename_is_listed()
    {
        await BackUpAsync();
        using var volume = FuseVolume.ExFat(_cli.Sub("exfat"));

        await AssertRestoredWithRenamesAsync(Path.Combine(volume.Root, "App"), ExFatConflicts);
    }

    [FuseFact]
    public async Task On_NTFS_with_rename_unsafe_every_file_lands_once_with_its_content_and_each_rename_is_listed()
    {
        await BackUpAsync();
        using var volume = FuseVolume.Ntfs(_cli.Sub("ntfs"));

        var target = Path.Combine(volume.Root, "App");
        await AssertRestoredWithRenamesAsync(target, NtfsConflicts);
        // ntfs-3g keeps case apart, as the probe found: both twins keep their names.
        Assert.True(File.Exists(Path.Combine(target, "Readme")) && File.Exists(Path.Combine(target, "README")));
    }

    [FuseFact]
    public async Task Restored_to_exFAT_with_renames_then_backed_up_there_the_snapshot_restores_the_original_names_on_Linux()
    {
        await BackUpAsync();
        using var volume = FuseVolume.ExFat(_cli.Sub("exfat"));
        var onExFat = Path.Combine(volume.Root, "App");
        Assert.Equal(4, (await _cli.RunAsync("restore", "latest", "--to", onExFat, "--rename-unsafe")).ExitCode);

        var backup = await _cli.RunAsync("backup", onExFat);
        var back = _cli.Sub("back-on-linux");
        var restore = await _cli.RunAsync("restore", "latest", "--to", back);

        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        // Exactly the original names and contents: nothing lost, nothing doubled, no list of renames.
        Assert.Equal(OddNamesTree.Expected(), OddNamesTree.Describe(back));
    }

    [FuseFact]
    public async Task Replacing_only_some_paths_of_a_folder_is_refused_when_they_need_renaming()
    {
        await BackUpAsync("normal.txt", "what?.txt");
        using var volume = FuseVolume.ExFat(_cli.Sub("exfat"));
        var target = Path.Combine(volume.Root, "App");
        Assert.Equal(4, (await _cli.RunAsync("restore", "latest", "--to", target, "--rename-unsafe")).ExitCode);
        var before = OddNamesTree.Describe(target);

        var partial = await _cli.RunAsync("restore", "latest", "--to", target, "--replace", "--include", "what?.txt", "--rename-unsafe");

        Assert.Equal(1, partial.ExitCode);
        Assert.Contains("replacing only some paths", partial.Stderr);
        Assert.Equal(before, OddNamesTree.Describe(target));
    }

    public void Dispose() => _cli.Dispose();

    private async Task BackUpAsync(params string[] only)
    {
        OddNamesTree.Write(Source, only);
        var backup = await _cli.RunAsync("backup", Source);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
    }

    /// <summary>Restores with renames: exit 4, every file of the snapshot exactly once on the target (by content), each listed rename where it says.</summary>
    private async Task AssertRestoredWithRenamesAsync(string target, string[] conflicts)
    {
        var restore = await _cli.RunAsync("restore", "latest", "--to", target, "--rename-unsafe", "--json");

        Assert.True(restore.ExitCode == 4, restore.Stderr);
        var renames = JsonDocument.Parse(restore.Stdout).RootElement.GetProperty("renames").EnumerateArray().ToList();
        Assert.Equal(conflicts.Length, renames.Count);
        Assert.Equal(conflicts.Length, restore.Stderr.Split('\n').Count(l => l.StartsWith("renamed ", StringComparison.Ordinal)));
        var restored = OddNamesTree.Describe(target);
        var files = restored.Where(e => e.Value.StartsWith("file ", StringComparison.Ordinal) && e.Key != Convert.ToHexString(".ferry-renames.json"u8)).Select(e => e.Value[5..]);
        Assert.Equal(OddNamesTree.ContentHashes().Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        foreach (var rename in renames)
        {
            var restoredAs = rename.GetProperty("restored_as").GetString()!;
            Assert.True(restored.ContainsKey(Convert.ToHexString(Encoding.UTF8.GetBytes(restoredAs))), $"{restoredAs} is not on the target");
        }
    }

    /// <summary>The paths the restore named as conflicts, as shown.</summary>
    private static List<string> ConflictsIn(string stderr) =>
        [.. stderr.Split('\n').Where(l => l.StartsWith("cannot restore ", StringComparison.Ordinal)).Select(l => l["cannot restore ".Length..l.IndexOf(": ", StringComparison.Ordinal)])];
}
