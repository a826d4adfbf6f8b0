using System.Text;
using System.Text.Json;
using Ferry.Testing.Names;
using Ferry.Testing.Processes;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>
/// File names from Linux restored by the Windows build. Today: names every OS can hold, which must
/// arrive byte for byte. The names Windows cannot hold (reserved characters and device names, trailing
/// dots and spaces, names that differ only by case) get their tests here too, through
/// <see cref="RestoreOnWindowsAsync"/>, with the restore's conflict and mapping rules.
/// </summary>
[Collection(UnderWine.Name)]
public sealed class WindowsNamesTests(WindowsBuild windows) : IDisposable
{
    private readonly Device _linux = new("linux-laptop");
    private readonly WindowsDevice _windows = new(windows, "windows-desktop");

    [SkippableFact]
    public async Task Names_every_OS_holds_arrive_on_Windows_byte_for_byte()
    {
        windows.RequireWine();
        string[] names =
        [
            "with space.txt", ".dotfile", "ünïcödé.txt", "中文名字.md", "emoji 🎉.txt", "semi;colon,comma=equals.txt",
            "[brackets] (parens) {braces}.txt", "percent%20hash#and&.txt", "NFD cafe\u0301.txt", new string('n', 200) + ".txt",
        ];

        var (restore, folder) = await RestoreOnWindowsAsync(names.ToDictionary(n => n, n => n));

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var arrived = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).ToList();
        Assert.Equal(names.Select(Encoding.UTF8.GetBytes).Select(Convert.ToHexString).Order(StringComparer.Ordinal), arrived.Select(Encoding.UTF8.GetBytes).Select(Convert.ToHexString).Order(StringComparer.Ordinal));
        Assert.All(names, n => Assert.Equal(n, File.ReadAllText(Path.Combine(folder, n))));
    }

    [SkippableFact]
    public async Task Names_Windows_cannot_hold_are_refused_before_anything_is_written_then_renamed_and_come_back_whole()
    {
        windows.RequireWine();
        OddNamesTree.Write(_linux.Path("odd"));
        UseOneLocalRepository();
        var backup = await _linux.RunAsync("backup", _linux.Path("odd"));
        Assert.True(backup.ExitCode == 0, backup.ToString());

        // Refused: every name Windows cannot hold is named, and nothing at all is written.
        var refused = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("odd"));
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal(WindowsConflicts.Order(StringComparer.Ordinal), ConflictsIn(refused.Stderr).Order(StringComparer.Ordinal));
        Assert.False(Path.Exists(_windows.Path("odd")), "a refused restore wrote its target");

        // Renamed: every file lands exactly once with its content, each rename listed, exit 4.
        var renamed = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("odd"), "--rename-unsafe", "--json");
        Assert.True(renamed.ExitCode == 4, renamed.ToString());
        Assert.Equal(WindowsConflicts.Length, JsonDocument.Parse(renamed.Stdout).RootElement.GetProperty("renames").GetArrayLength());
        var onWindows = OddNamesTree.Describe(_windows.Path("odd"));
        var contents = onWindows.Where(e => e.Value.StartsWith("file ", StringComparison.Ordinal) && e.Key != Convert.ToHexString(".ferry-renames.json"u8)).Select(e => e.Value[5..]);
        Assert.Equal(OddNamesTree.ContentHashes().Order(StringComparer.Ordinal), contents.Order(StringComparer.Ordinal));

        // Backed up on Windows and restored on Linux: the original names, nothing lost or doubled.
        var again = await _windows.RunAsync("backup", _windows.WinPath("odd"));
        Assert.True(again.ExitCode == 0, again.ToString());
        var home = await _linux.RunAsync("restore", "latest", "--host", "windows-desktop", "--to", _linux.Path("home-again"));
        Assert.True(home.ExitCode == 0, home.ToString());
        Assert.Equal(OddNamesTree.Expected(), OddNamesTree.Describe(_linux.Path("home-again")));
    }

    public void Dispose()
    {
        _linux.Dispose();
        _windows.Dispose();
    }

    /// <summary>
    /// Names of <see cref="OddNamesTree"/> that Windows cannot hold, as a restore shows them: reserved
    /// and control characters, device names, trailing dot and space, bytes that are not UTF-8, and the
    /// later of two names that differ only by case (Windows ignores case).
    /// </summary>
    private static readonly string[] WindowsConflicts =
        ["\"back\\\\slash\"", "colon:name.txt", "a<b>c", "what?.txt", "pipe|star*quote\"", "\"line\\nbreak\"", "CON.txt", "AUX", "nul.txt", "trailing.", "\"trailing \"", "Readme", "sub/file.txt", "\"caf\\xE9.txt\"", "\"\\xFF\\xFE-bytes\"", "\"dir-\\xE9\""];

    private void UseOneLocalRepository()
    {
        _linux.Environment["FERRY_REPOSITORY"] = _linux.Path("repository");
        _windows.Environment["FERRY_REPOSITORY"] = WindowsBuild.WindowsPath(_linux.Path("repository"));
    }

    /// <summary>The paths a refused restore named as conflicts, as shown.</summary>
    private static List<string> ConflictsIn(string stderr) =>
        [.. stderr.Split('\n').Where(l => l.StartsWith("cannot restore ", StringComparison.Ordinal)).Select(l => l["cannot restore ".Length..l.IndexOf(": ", StringComparison.Ordinal)])];

    /// <summary>
    /// Backs up files named as <paramref name="files"/> says (name → content) with the Linux build into a
    /// local repository both builds reach, restores the snapshot with the Windows build, and returns the
    /// restore's run and the folder it wrote, as Linux sees it (to compare names as bytes).
    /// </summary>
    internal async Task<(ProcessRun Restore, string Folder)> RestoreOnWindowsAsync(IReadOnlyDictionary<string, string> files, params string[] restoreOptions)
    {
        var source = _linux.Path("names");
        Directory.CreateDirectory(source);
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(source, name), content);
        }

        UseOneLocalRepository();
        var backup = await _linux.RunAsync("backup", source);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var restore = await _windows.RunAsync(["restore", "latest", "--to", _windows.WinPath("names"), .. restoreOptions]);
        return (restore, _windows.Path("names"));
    }
}
