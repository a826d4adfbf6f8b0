using System.Text;
using Ferry.IntegrationTests.EndToEnd;

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

    public void Dispose()
    {
        _linux.Dispose();
        _windows.Dispose();
    }

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

        _linux.Environment["FERRY_REPOSITORY"] = _linux.Path("repository");
        _windows.Environment["FERRY_REPOSITORY"] = WindowsBuild.WindowsPath(_linux.Path("repository"));
        var backup = await _linux.RunAsync("backup", source);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var restore = await _windows.RunAsync(["restore", "latest", "--to", _windows.WinPath("names"), .. restoreOptions]);
        return (restore, _windows.Path("names"));
    }
}
