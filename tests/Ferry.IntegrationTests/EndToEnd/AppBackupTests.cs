using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing.Apps;
using Ferry.Testing.Foreign;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Apps end to end with the real executable on Ceph: a preset backup of Cherry Studio's folder,
/// a restore refused while the app holds its locks, and Cherry Studio's own zip backups in the
/// same bucket listed, restored and imported.
/// </summary>
public sealed class AppBackupTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private const string Older = "cherry-studio.20250301080000.Anns-MacBook.local.mac.zip";
    private const string Newer = "cherry-studio.20250314093000.Anns-MacBook.local.mac.zip";
    private readonly Device _a = new("laptop-a");
    private readonly Device _b = new("desktop-b");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = $"/cherry/{S3ServerFixture.UniqueRoot()}/" };

    [Fact]
    public async Task Backup_app_lite_skips_caches_and_attachments_and_restore_waits_for_the_app_to_quit()
    {
        var cherry = _a.Path("home/.config/CherryStudio");
        AppData.Generate(cherry, megabytes: 8);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);

        var backup = await _a.RunAsync("backup", "--app", "cherry-studio", "--lite");
        var ls = await _b.RunAsync("ls", "latest", "--host", "laptop-a", "--json");
        var target = _b.Path("home/.config/CherryStudio");
        var restore = await _b.RunAsync("restore", "latest", "--host", "laptop-a", "--to", target);
        ProcessRun refused;
        ProcessRun forced;
        using (await HelperProcess.HoldLockAsync(Path.Combine(target, "Local Storage", "leveldb", "LOCK")))
        {
            refused = await _b.RunAsync("restore", "latest", "--host", "laptop-a", "--to", target);
            forced = await _b.RunAsync("restore", "latest", "--host", "laptop-a", "--to", target, "--force");
        }

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var paths = JsonDocument.Parse(ls.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();
        Assert.Contains(paths, p => p.StartsWith("Data/Notes/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("IndexedDB/", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("Cache", StringComparison.Ordinal) || p.StartsWith("Data/Files", StringComparison.Ordinal) || p.StartsWith("Data/KnowledgeBase", StringComparison.Ordinal));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Cherry Studio seems to be running", refused.Stderr);
        Assert.Contains("LOCK is locked by another process", refused.Stderr);
        Assert.Contains("restoring anyway (--force)", forced.Stderr);
    }

    [Fact]
    public async Task Cherry_Studio_zips_in_the_bucket_are_listed_restored_and_imported_deduplicated()
    {
        var data = _a.Path("CherryStudio");
        CherryArchive.WriteDataFolder(data);
        var store = ceph.CreateStore(Bucket.Root);
        await store.PutAsync(Older, CherryArchive.Build(data, timestampMs: 1_740_816_000_000), CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(data, "Data", "Notes", "note-1.md"), "a line written two weeks later\n");
        await store.PutAsync(Newer, CherryArchive.Build(data), CancellationToken.None);
        _b.UseS3(Bucket);

        var listed = await _b.RunAsync("list", "--foreign", "--json");
        var restore = await _b.RunAsync("restore", Newer, "--to", _b.Path("restored"));
        var first = await _b.RunAsync("import", Older, "--json");
        var second = await _b.RunAsync("import", Newer, "--json");
        var again = await _b.RunAsync("import", Newer);
        var fromSnapshot = await _b.RunAsync("restore", "latest", "--host", "Anns-MacBook.local", "--to", _b.Path("from-snapshot"));
        var after = await _b.RunAsync("list", "--foreign", "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var rows = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal([Newer, Older], rows.Select(r => r.GetProperty("key").GetString()));
        Assert.All(rows, r => Assert.Equal("Anns-MacBook.local", r.GetProperty("host").GetString()));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_b.Path("restored")));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.InRange(JsonDocument.Parse(second.Stdout).RootElement.GetProperty("snapshot").GetProperty("added").GetInt64(), 1, 64 * 1024);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already imported", again.Stderr);
        Assert.True(fromSnapshot.ExitCode == 0, fromSnapshot.ToString());
        Assert.Equal(CherryArchive.Contents(data), CherryArchive.Contents(_b.Path("from-snapshot")));
        var kinds = JsonDocument.Parse(after.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("kind").GetString()).Order();
        Assert.Equal(["foreign", "foreign", "snapshot", "snapshot"], kinds);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
