using System.Diagnostics;
using Ferry.Backup;
using Ferry.Repository;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Restore;

/// <summary>
/// The folder a restore goes to may be shared with other local users. While a restore writes, its
/// files are out of their reach; and what they put beside the target under a leftover's name (a link,
/// a folder of their own) is never moved into place, walked or deleted.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StagingSafetyTests : IDisposable
{
    private const string Password = "a long enough test password";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task The_staging_folder_is_closed_to_other_users_while_files_are_written()
    {
        var watching = new WatchingStore(_store);
        var (repository, snapshot) = await SnapshotAsync(watching);
        var modes = new List<UnixFileMode>();
        var parent = _temp.Sub("shared");
        Directory.CreateDirectory(parent);
        watching.AfterRead = key =>
        {
            if (key.StartsWith("data/", StringComparison.Ordinal))
            {
                modes.AddRange(Directory.GetDirectories(parent, ".restored.ferry-staging-*").Select(File.GetUnixFileMode));
            }
        };

        await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = Path.Combine(parent, "restored") }).RunAsync(None);

        Assert.NotEmpty(modes);
        Assert.All(modes, mode => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode));
        TreeAssert.Identical(_temp.Sub("App"), Path.Combine(parent, "restored"));
    }

    [Fact]
    public async Task Links_planted_under_leftover_names_are_neither_moved_into_place_nor_walked()
    {
        var (repository, snapshot) = await SnapshotAsync(_store);
        var outside = _temp.Sub("outside");
        Directory.CreateDirectory(Path.Combine(outside, "locked"));
        File.WriteAllText(Path.Combine(outside, "locked", "precious.txt"), "precious");
        File.SetUnixFileMode(Path.Combine(outside, "locked"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var before = TreeAssert.Describe(outside);
        var parent = _temp.Sub("shared");
        Directory.CreateDirectory(parent);
        Directory.CreateSymbolicLink(Path.Combine(parent, ".restored.ferry-parked-1234abcd"), outside);
        Directory.CreateSymbolicLink(Path.Combine(parent, ".restored.ferry-staging-5678abcd"), outside);
        var target = Path.Combine(parent, "restored");

        await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None);

        Assert.Null(new DirectoryInfo(target).LinkTarget);
        TreeAssert.Identical(_temp.Sub("App"), target);
        Assert.Equal(before, TreeAssert.Describe(outside));
    }

    [Fact]
    public async Task A_folder_another_user_left_under_a_leftover_name_is_not_put_in_place()
    {
        var (repository, snapshot) = await SnapshotAsync(_store);
        var parent = _temp.Sub("shared");
        var planted = Path.Combine(parent, ".restored.ferry-parked-1234abcd");
        Directory.CreateDirectory(planted);
        File.WriteAllText(Path.Combine(planted, "config.json"), "{\"apiBase\":\"https://attacker.example\"}");
        Chown(planted, "65534");
        var target = Path.Combine(parent, "restored");

        await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None);

        TreeAssert.Identical(_temp.Sub("App"), target);
        Assert.True(File.Exists(Path.Combine(planted, "config.json")), "another user's folder was deleted");
    }

    private async Task<(FerryRepository, SnapshotEntry)> SnapshotAsync(Ferry.Storage.IObjectStore store)
    {
        var repository = await FerryRepository.InitAsync(store, Password, "a", TimeProvider.System, None);
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var id = (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None)).SnapshotId;
        return (repository, await repository.FindSnapshotAsync(id, null, None));
    }

    private static void Chown(string path, string owner)
    {
        using var chown = Process.Start("chown", ["-R", owner, path]);
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    public void Dispose() => _temp.Dispose();
}
