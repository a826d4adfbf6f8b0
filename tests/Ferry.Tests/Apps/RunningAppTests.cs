using System.Diagnostics;
using Ferry.Apps;
using Ferry.Testing;
using Ferry.Testing.Apps;

namespace Ferry.Tests.Apps;

public sealed class RunningAppTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly IReadOnlyList<AppPreset> _presets = AppPresets.Load(null);

    private AppPreset Cherry => _presets[0];

    [Fact]
    public void A_folder_nobody_uses_is_not_in_use()
    {
        var folder = AppFolder();

        Assert.Empty(RunningApp.Detect(folder, Cherry, _presets));
        Assert.Empty(RunningApp.Detect(_temp.Sub("missing"), Cherry, _presets));
    }

    [Fact]
    public void A_SingletonLock_naming_a_live_process_of_this_computer_means_running()
    {
        var folder = AppFolder();
        File.CreateSymbolicLink(Path.Combine(folder, "SingletonLock"), $"{Environment.MachineName}-{Environment.ProcessId}");

        var reasons = RunningApp.Detect(folder, null, _presets);

        Assert.Contains(reasons, r => r.StartsWith("SingletonLock names process", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_SingletonLock_left_by_a_crash_or_by_another_computer_means_nothing()
    {
        var folder = AppFolder();
        using var exited = Process.Start("true")!;
        await exited.WaitForExitAsync();
        File.CreateSymbolicLink(Path.Combine(folder, "SingletonLock"), $"{Environment.MachineName}-{exited.Id}");
        var other = AppFolder("other");
        File.CreateSymbolicLink(Path.Combine(other, "SingletonLock"), $"another-laptop-{Environment.ProcessId}");

        Assert.Empty(RunningApp.Detect(folder, Cherry, _presets));
        Assert.Empty(RunningApp.Detect(other, Cherry, _presets));
    }

    [Fact]
    public async Task A_LevelDB_LOCK_held_by_another_process_means_running_and_stops_meaning_it_when_released()
    {
        var folder = AppFolder();
        var lockFile = Path.Combine(folder, "IndexedDB", "file__0.indexeddb.leveldb", "LOCK");
        var app = await HelperProcess.HoldLockAsync(lockFile);
        IReadOnlyList<string> held;
        using (app)
        {
            held = RunningApp.Detect(folder, Cherry, _presets);
        }

        Assert.Equal([$"IndexedDB{Path.DirectorySeparatorChar}file__0.indexeddb.leveldb{Path.DirectorySeparatorChar}LOCK is locked by another process"], held);
        Assert.Empty(RunningApp.Detect(folder, Cherry, _presets));
    }

    [Fact]
    public async Task The_app_process_found_by_name_means_running()
    {
        var program = _temp.Sub("ferry-fake-app");
        File.Copy("/bin/sleep", program);
        var preset = new AppPreset { Name = "fake", DisplayName = "Fake", ProcessNames = ["ferry-fake-app"] };
        using var app = await HelperProcess.StartAsync("sh", "-c", $"echo ready; exec '{program}' 60");
        await Task.Delay(100);

        var reasons = RunningApp.Detect(AppFolder(), preset, _presets);

        Assert.Equal([$"process 'ferry-fake-app' (pid {app.Id}) is running"], reasons);
    }

    public void Dispose() => _temp.Dispose();

    private string AppFolder(string name = "CherryStudio")
    {
        var folder = _temp.Sub(name);
        Directory.CreateDirectory(Path.Combine(folder, "IndexedDB", "file__0.indexeddb.leveldb"));
        File.WriteAllText(Path.Combine(folder, "IndexedDB", "file__0.indexeddb.leveldb", "LOCK"), "");
        return folder;
    }
}
