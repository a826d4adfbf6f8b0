using System.Diagnostics;
using Ferry.Tests.Backup.Live;
using Ferry.Tests.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>What a killed process leaves on the device is cleaned up by the next one.</summary>
[Trait("Category", "Reliability")]
public sealed class LeftoverTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Database_copies_left_by_a_killed_backup_are_deleted_by_the_next_one()
    {
        // A killed backup's private folder of database copies, named after its (now dead) process.
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        await gone.WaitForExitAsync();
        var leftover = Directory.CreateTempSubdirectory($"ferry-live-{gone.Id}-").FullName;
        await File.WriteAllTextAsync(Path.Combine(leftover, "copy.db"), "a copy of someone's chat history");
        var source = _cli.Sub("App");
        Directory.CreateDirectory(source);
        SqliteDb.Create(Path.Combine(source, "agents.db"), rows: 100, wal: false);

        var backup = await _cli.RunAsync("backup", source);

        Assert.Equal(0, backup.ExitCode);
        Assert.False(Directory.Exists(leftover), "the killed backup's database copies are still in the temp folder");
    }

    public void Dispose() => _cli.Dispose();
}
