using Ferry.Backup.Live;
using Ferry.LocalFiles;
using Ferry.Testing.Backup;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>What a killed process leaves on the device is cleaned up by the next one, and is private meanwhile.</summary>
[Trait("Category", "Reliability")]
public sealed class LeftoverTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Database_copies_left_by_a_killed_backup_are_deleted_by_the_next_one()
    {
        // A killed backup's private folder of database copies: its in-use marker is held by nobody.
        var leftover = Directory.CreateTempSubdirectory("ferry-live-").FullName;
        await File.WriteAllTextAsync(Path.Combine(leftover, ".in-use"), "");
        await File.WriteAllTextAsync(Path.Combine(leftover, "copy.db"), "a copy of someone's chat history");

        Assert.Equal(0, (await BackupOneDatabaseAsync()).ExitCode);

        Assert.False(Directory.Exists(leftover), "the killed backup's database copies are still in the temp folder");
    }

    [Fact]
    public async Task A_running_backups_database_copies_are_kept_whatever_its_process_id()
    {
        // A backup running in another PID namespace or container: its folder names a process id that
        // does not run here, and it holds its marker.
        var running = Directory.CreateTempSubdirectory("ferry-live-999999-").FullName;
        using var marker = HeldFile.TryHold(Path.Combine(running, ".in-use"));
        await File.WriteAllTextAsync(Path.Combine(running, "copy.db"), "being copied right now");

        Assert.Equal(0, (await BackupOneDatabaseAsync()).ExitCode);

        Assert.True(File.Exists(Path.Combine(running, "copy.db")), "a running backup's database copy was deleted");
        Directory.Delete(running, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Database_copies_are_readable_by_their_owner_only_from_the_first_byte()
    {
        var source = _cli.Sub("agents.db");
        SqliteDb.Create(source, rows: 100, wal: false);
        using var temp = new PrivateTempFolder();

        var copy = new SqliteCopier(temp).TryCopy(source, SqliteJournal.Rollback, out var reason);

        Assert.True(copy is not null, reason);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(copy)!));
    }

    private async Task<Ferry.Testing.Cli.CliRun> BackupOneDatabaseAsync()
    {
        var source = _cli.Sub("App");
        Directory.CreateDirectory(source);
        SqliteDb.Create(Path.Combine(source, "agents.db"), rows: 100, wal: false);
        return await _cli.RunAsync("backup", source);
    }

    public void Dispose() => _cli.Dispose();
}
