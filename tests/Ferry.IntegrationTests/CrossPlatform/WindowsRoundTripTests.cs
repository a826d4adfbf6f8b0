using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>
/// A Linux computer and a Windows one (the Windows build under Wine) share a bucket on Ceph RGW:
/// each restores what the other backed up, identical in content and times; read-only stays read-only.
/// </summary>
[Collection(UnderWine.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class WindowsRoundTripTests(WindowsBuild windows, CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _linux = new("linux-laptop");
    private readonly WindowsDevice _windows = new(windows, "windows-desktop");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = $"/cross/{S3ServerFixture.UniqueRoot()}/" };

    [SkippableFact]
    public async Task A_Linux_backup_restores_on_Windows_identical_and_read_only_stays_read_only()
    {
        windows.RequireWine();
        var data = await BackedUpOnLinuxAsync("CherryStudio");

        var restore = await _windows.RunAsync("restore", "latest", "--host", "linux-laptop", "--to", _windows.WinPath("CherryStudio"));

        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(data, _windows.Path("CherryStudio"), modes: false);
        // Wine keeps Windows' read-only attribute as the file's write bits.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_windows.Path($"CherryStudio/{CrossPlatformTree.ReadOnlyFile}")));
        Assert.True(File.GetUnixFileMode(_windows.Path("CherryStudio/config.json")).HasFlag(UnixFileMode.UserWrite));
    }

    [SkippableFact]
    public async Task A_Windows_backup_restores_on_Linux_identical_with_read_only_and_hidden_kept()
    {
        windows.RequireWine();
        var data = _windows.Path("CherryStudio");
        CrossPlatformTree.Write(data);
        var hidden = await windows.WineAsync(_windows.Environment, "cmd", "/c", "attrib", "+h", _windows.WinPath("CherryStudio/config.json"));
        Assert.True(hidden.ExitCode == 0, hidden.ToString());
        _linux.UseS3(Bucket);
        _windows.UseS3(Bucket);

        var backup = await _windows.RunAsync("backup", _windows.WinPath("CherryStudio"));
        var onLinux = await _linux.RunAsync("restore", "latest", "--host", "windows-desktop", "--to", _linux.Path("CherryStudio"));
        var onWindows = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("again"));
        var attributes = await windows.WineAsync(_windows.Environment, "cmd", "/c", "attrib", _windows.WinPath("again/config.json"));

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(onLinux.ExitCode == 0, onLinux.ToString());
        TreeAssert.Identical(data, _linux.Path("CherryStudio"), modes: false);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_linux.Path($"CherryStudio/{CrossPlatformTree.ReadOnlyFile}")));
        Assert.True(File.GetUnixFileMode(_linux.Path("CherryStudio/config.json")).HasFlag(UnixFileMode.UserWrite));
        Assert.True(onWindows.ExitCode == 0, onWindows.ToString());
        var flags = attributes.Stdout[..Math.Max(0, attributes.Stdout.IndexOf(@"Z:\", StringComparison.Ordinal))];
        Assert.True(flags.Contains('H', StringComparison.Ordinal), $"config.json is no longer hidden (Wine keeps the attribute in a user.DOSATTRIB xattr: does this file system take them?): {attributes}");
    }

    [SkippableFact]
    public async Task A_second_Windows_backup_opens_no_unchanged_file_and_still_reads_one_replaced_under_the_same_size_and_time()
    {
        windows.RequireWine();
        // Windows' own platform layer, the one users get, in the suite's portable pass too.
        _windows.Environment["FERRY_PLATFORM"] = "native";
        var data = _windows.Path("CherryStudio");
        CrossPlatformTree.Write(data);
        _linux.UseS3(Bucket);
        _windows.UseS3(Bucket);
        var first = await _windows.RunAsync("backup", _windows.WinPath("CherryStudio"));
        Assert.True(first.ExitCode == 0, first.ToString());

        // Wine's trace of CreateFileW names every path the build opens: a folder's entries come with
        // their status from one handle on the folder, so an unchanged backup opens none of its files.
        var traced = new Dictionary<string, string>(_windows.Environment) { ["WINEDEBUG"] = "-all,trace+file" };
        var unchanged = await windows.FerryAsync(traced, "backup", _windows.WinPath("CherryStudio"));
        var opened = OpenedPaths(unchanged.Stderr);

        Assert.True(unchanged.ExitCode == 0, unchanged.Stdout);
        Assert.Contains("(0 new, 0 changed, 6 unchanged)", unchanged.Stdout, StringComparison.Ordinal);
        Assert.Contains(_windows.WinPath("CherryStudio/Data/Notes"), opened);
        Assert.Empty(Directory.GetFiles(data, "*", SearchOption.AllDirectories).Select(WindowsBuild.WindowsPath).Intersect(opened, StringComparer.OrdinalIgnoreCase));

        // An app saving by "write a new file, rename it over the old one": same length, same time, a new file index.
        var config = Path.Combine(data, "config.json");
        var saved = Path.Combine(data, "config.json.new");
        await File.WriteAllTextAsync(saved, "{\"theme\":\"lite\"}");
        Assert.Equal(new FileInfo(config).Length, new FileInfo(saved).Length);
        File.SetLastWriteTimeUtc(saved, File.GetLastWriteTimeUtc(config));
        File.Move(saved, config, overwrite: true);
        await File.AppendAllTextAsync(Path.Combine(data, "Data", "Notes", "ünïcödé 中文 ✓.md"), "one more line\n");

        var changed = await _windows.RunAsync("backup", _windows.WinPath("CherryStudio"));
        var onLinux = await _linux.RunAsync("restore", "latest", "--host", "windows-desktop", "--to", _linux.Path("CherryStudio"));

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("(0 new, 2 changed, 4 unchanged)", changed.Stdout, StringComparison.Ordinal);
        Assert.True(onLinux.ExitCode == 0, onLinux.ToString());
        TreeAssert.Identical(data, _linux.Path("CherryStudio"), modes: false);
    }

    [SkippableFact]
    public async Task Paths_longer_than_Windows_260_characters_go_both_ways()
    {
        windows.RequireWine();
        var data = await BackedUpOnLinuxAsync("Deep", folder =>
        {
            var deep = Path.Combine(folder, string.Join('/', Enumerable.Range(0, 6).Select(i => $"{i}-{new string('d', 48)}")));
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "far-down.txt"), "found");
        });

        var onWindows = await _windows.RunAsync("restore", "latest", "--host", "linux-laptop", "--to", _windows.WinPath("Deep"));
        var backup = await _windows.RunAsync("backup", _windows.WinPath("Deep"));
        var onLinux = await _linux.RunAsync("restore", "latest", "--host", "windows-desktop", "--to", _linux.Path("again"));

        Assert.True(onWindows.ExitCode == 0, onWindows.ToString());
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(onLinux.ExitCode == 0, onLinux.ToString());
        Assert.True(WindowsBuild.WindowsPath(Directory.GetFiles(_windows.Path("Deep"), "far-down.txt", SearchOption.AllDirectories).Single()).Length > 300);
        TreeAssert.Identical(data, _linux.Path("again"), modes: false);
    }

    [SkippableFact]
    public async Task Restore_replace_on_Windows_swaps_in_the_snapshot_keeps_a_safety_snapshot_and_leaves_nothing_beside()
    {
        windows.RequireWine();
        var data = await BackedUpOnLinuxAsync("CherryStudio");
        var target = _windows.Path("live/CherryStudio");
        CrossPlatformTree.Write(target, seed: 2);
        await File.WriteAllTextAsync(Path.Combine(target, "written-since.txt"), "today's work");
        var before = TreeAssert.Describe(target, modes: false);

        var replace = await _windows.RunAsync("restore", "latest", "--host", "linux-laptop", "--to", _windows.WinPath("live/CherryStudio"), "--replace");

        Assert.True(replace.ExitCode == 0, replace.ToString());
        TreeAssert.Identical(data, target, modes: false);
        Assert.Equal(["CherryStudio"], Directory.GetFileSystemEntries(_windows.Path("live")).Select(Path.GetFileName));
        var list = await _windows.RunAsync("list", "--host", "windows-desktop", "--json");
        var safety = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single(s => s.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "pre-restore"));
        var undo = await _windows.RunAsync("restore", safety.GetProperty("id").GetString()!, "--to", _windows.WinPath("undo"));
        Assert.True(undo.ExitCode == 0, undo.ToString());
        Assert.Equal(before, TreeAssert.Describe(_windows.Path("undo"), modes: false));
    }

    [SkippableFact]
    public async Task Check_read_data_on_Windows_reads_every_pack_and_names_a_damaged_one()
    {
        windows.RequireWine();
        await BackedUpOnLinuxAsync("CherryStudio");

        var clean = await _windows.RunAsync("check", "--read-data");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("no problems found", clean.Stdout, StringComparison.Ordinal);
        var store = ceph.Open(Bucket);
        var packs = new List<Ferry.Storage.ObjectInfo>();
        await foreach (var pack in store.ListAsync("data/", CancellationToken.None))
        {
            packs.Add(pack);
        }

        var damaged = packs.MaxBy(p => p.Size)!.Key;
        var bytes = await store.GetAsync(damaged, CancellationToken.None);
        bytes[100] ^= 1;
        await store.PutAsync(damaged, bytes, CancellationToken.None);

        var check = await _windows.RunAsync("check", "--read-data");

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains(damaged, check.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Symlinks_Windows_does_not_make_are_listed_and_the_restore_exits_3_with_everything_else_in_place()
    {
        windows.RequireWine();
        var data = await BackedUpOnLinuxAsync("App", folder =>
        {
            File.CreateSymbolicLink(Path.Combine(folder, "link-to-config"), "config.json");
            File.CreateSymbolicLink(Path.Combine(folder, "Data", "notes-link"), "Notes");
        });

        var restore = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("App"));

        Assert.True(restore.ExitCode == 3, restore.ToString());
        Assert.Contains(@"App\link-to-config: symbolic link to config.json not made", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains(@"App\Data\notes-link: symbolic link to Notes not made", restore.Stderr, StringComparison.Ordinal);
        var expected = TreeAssert.Describe(data, modes: false);
        foreach (var link in expected.Keys.Where(k => k == "link-to-config" || k == "Data/notes-link" || k.StartsWith("Data/notes-link/", StringComparison.Ordinal)).ToList())
        {
            expected.Remove(link);
        }

        TreeAssert.Identical(expected, _windows.Path("App"), modes: false);
    }

    public void Dispose()
    {
        _linux.Dispose();
        _windows.Dispose();
    }

    /// <summary>The paths in Wine's <c>trace:file:CreateFileW L"…"</c> lines, which double each backslash.</summary>
    private static HashSet<string> OpenedPaths(string trace) =>
        [.. Regex.Matches(trace, @"trace:file:CreateFileW L""((?:[^""\\]|\\.)*)""").Select(m => m.Groups[1].Value.Replace(@"\\", @"\", StringComparison.Ordinal))];

    /// <summary>The Linux computer backs up a <see cref="CrossPlatformTree"/> (plus what <paramref name="add"/> makes) to the bucket both use.</summary>
    private async Task<string> BackedUpOnLinuxAsync(string name, Action<string>? add = null)
    {
        var data = _linux.Path(name);
        CrossPlatformTree.Write(data);
        add?.Invoke(data);
        _linux.UseS3(Bucket);
        _windows.UseS3(Bucket);
        var backup = await _linux.RunAsync("backup", data);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return data;
    }
}
