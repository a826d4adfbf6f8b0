using System.Text.RegularExpressions;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>The Windows console prints names as they are: UTF-8, not the console's code page with '?' for the rest.</summary>
[Collection(UnderWine.Name)]
public sealed class WindowsConsoleTests(WindowsBuild windows) : IDisposable
{
    private readonly WindowsDevice _windows = new(windows, "windows-desktop");

    [SkippableFact]
    public async Task Ls_prints_non_ASCII_names_exactly()
    {
        windows.RequireWine();
        string[] names = ["héllo wörld.txt", "中文笔记.md", "Ελληνικά ✓.txt", "emoji 🎉.txt"];
        Directory.CreateDirectory(_windows.Path("notes"));
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(_windows.Path("notes"), name), name);
        }

        _windows.Environment["FERRY_REPOSITORY"] = _windows.WinPath("repository");
        var backup = await _windows.RunAsync("backup", _windows.WinPath("notes"));
        var ls = await _windows.RunAsync("ls", "latest");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(ls.ExitCode == 0, ls.ToString());
        // "- 0000       12 B  2026-12-01 09:09:30  NAME": the name follows the time.
        var listed = ls.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => Regex.Match(line, @"\d\d:\d\d:\d\d  (.*)$").Groups[1].Value);
        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
    }

    public void Dispose() => _windows.Dispose();
}
