using System.Text.Json;
using Ferry.Testing;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>The Windows build finds an app's data in %APPDATA% and will not restore under an app that has its lock file open.</summary>
[Collection(UnderWine.Name)]
public sealed class WindowsAppsTests(WindowsBuild windows) : IDisposable
{
    private readonly WindowsDevice _windows = new(windows, "windows-desktop");

    [SkippableFact]
    public async Task Apps_finds_Cherry_Studio_in_APPDATA_inside_the_Wine_prefix()
    {
        windows.RequireWine();
        var folder = Path.Combine(windows.AppData, "CherryStudio");
        Directory.CreateDirectory(Path.Combine(folder, "Local Storage", "leveldb"));
        try
        {
            var apps = await _windows.RunAsync("apps", "--json");

            Assert.True(apps.ExitCode == 0, apps.ToString());
            var cherry = JsonDocument.Parse(apps.Stdout).RootElement.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "cherry-studio");
            var user = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(windows.AppData)));
            Assert.Equal($@"C:\users\{user}\AppData\Roaming\CherryStudio", cherry.GetProperty("data_folder").GetString(), ignoreCase: true);
            Assert.True(cherry.GetProperty("found").GetBoolean(), apps.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_restore_under_an_app_that_holds_its_lockfile_open_is_refused_until_the_app_lets_go()
    {
        windows.RequireWine();
        var source = _windows.Path("source");
        CrossPlatformTree.Write(source);
        var target = _windows.Path("CherryStudio");
        CrossPlatformTree.Write(target, seed: 2);
        var before = TreeAssert.Describe(target, modes: false);
        _windows.Environment["FERRY_REPOSITORY"] = _windows.WinPath("repository");
        // The Windows layer's check, in both passes of the suite: the portable one sees only byte-range locks.
        _windows.Environment["FERRY_PLATFORM"] = "native";
        var backup = await _windows.RunAsync("backup", _windows.WinPath("source"));
        Assert.True(backup.ExitCode == 0, backup.ToString());

        // A Windows process holds the lock file open, as Chromium holds 'lockfile' while the app runs.
        using (var app = windows.StartWine(_windows.Environment, "cmd", "/c", "more", ">", _windows.WinPath("CherryStudio/lockfile")))
        {
            await WaitUntilAsync(() => File.Exists(Path.Combine(target, "lockfile")));
            var refused = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("CherryStudio"), "--replace");

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("lockfile is open in another process", refused.Stderr, StringComparison.Ordinal);
            before["lockfile"] = TreeAssert.Describe(target, modes: false)["lockfile"];
            Assert.Equal(before, TreeAssert.Describe(target, modes: false));
            app.StandardInput.Close();
            await app.WaitForExitAsync();
        }

        var restored = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("CherryStudio"), "--replace");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        TreeAssert.Identical(source, target, modes: false);
    }

    [SkippableFact]
    public async Task A_restore_into_the_folder_of_an_app_whose_process_runs_is_refused()
    {
        windows.RequireWine();
        Directory.CreateDirectory(_windows.Path("home/ferry/apps"));
        await File.WriteAllTextAsync(_windows.Path("home/ferry/apps/notes-app.json"),
            """{"name": "notes-app", "display_name": "Notes App", "description": "a test app", "data_folder": {"windows": "{config}/NotesApp"}, "processes": ["cmd"]}""");
        Directory.CreateDirectory(_windows.Path("NotesApp"));
        await File.WriteAllTextAsync(_windows.Path("NotesApp/notes.txt"), "mine");
        Directory.CreateDirectory(_windows.Path("source"));
        await File.WriteAllTextAsync(_windows.Path("source/notes.txt"), "from the backup");
        _windows.Environment["FERRY_REPOSITORY"] = _windows.WinPath("repository");
        var backup = await _windows.RunAsync("backup", _windows.WinPath("source"));
        Assert.True(backup.ExitCode == 0, backup.ToString());

        // The app: a Windows process named as the preset says, waiting for input that never comes.
        using var app = windows.StartWine(_windows.Environment, "cmd", "/c", "echo ready& more");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            Assert.Equal("ready", await app.StandardOutput.ReadLineAsync(timeout.Token));
        }

        var refused = await _windows.RunAsync("restore", "latest", "--to", _windows.WinPath("NotesApp"), "--replace");
        app.StandardInput.Close();
        await app.WaitForExitAsync();

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Matches(@"Notes App seems to be running .*process 'cmd' \(pid \d+\) is running", refused.Stderr);
        Assert.Equal("mine", await File.ReadAllTextAsync(_windows.Path("NotesApp/notes.txt")));
    }

    public void Dispose() => _windows.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the holding process never created its file");
    }
}
