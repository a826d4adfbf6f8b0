using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Automatic maintenance as users meet it, through the CLI against Ceph RGW: with "maximum backups"
/// the bucket stops growing, whichever of two devices backs up, and stats and delete say where the
/// space goes.
/// </summary>
public sealed class MaintenanceTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private const int FolderMegabytes = 16;
    private readonly Device _laptop = new("laptop-a");
    private readonly Device _desktop = new("desktop-b");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task With_maximum_two_backups_two_devices_in_turn_keep_the_bucket_within_15_percent_of_a_fresh_backup_over_50_rounds()
    {
        var laptopData = _laptop.Path("App");
        var desktopData = _desktop.Path("App");
        AppData.Generate(laptopData, FolderMegabytes, seed: 1);
        AppData.Generate(desktopData, FolderMegabytes, seed: 1); // the same app data on both at first, as after a move
        _laptop.UseS3(Bucket);
        _desktop.UseS3(Bucket);
        var ratios = new List<string>();
        for (var round = 1; round <= 50; round++)
        {
            var (device, data) = round % 2 == 1 ? (_laptop, laptopData) : (_desktop, desktopData);
            AppData.Mutate(data, seed: 100 + round);
            var backup = await device.RunAsync("backup", data, "--max-backups", "2");
            Assert.True(backup.ExitCode == 0, backup.ToString());
            if (round is 8 or 25 or 50)
            {
                var ratio = (double)await BucketBytesAsync(Bucket.Root) / await FreshBucketBytesAsync(laptopData, desktopData);
                ratios.Add($"round {round}: {ratio:0.000}");
                Assert.True(ratio <= 1.15, string.Join("; ", ratios));
            }
        }

        var list = JsonDocument.Parse((await _desktop.RunAsync("list", "--json")).Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, list.Count); // two per device
        var stats = JsonDocument.Parse((await _desktop.RunAsync("stats", "--json")).Stdout).RootElement;
        Assert.Equal("laptop-a", stats.GetProperty("maintenance").GetProperty("owner").GetString());
        Assert.Equal(await BucketBytesAsync(Bucket.Root), stats.GetProperty("repository_bytes").GetInt64());
        var check = await _desktop.RunAsync("check", "--read-data");
        Assert.True(check.ExitCode == 0, check.ToString());
        var restored = _desktop.Path("restored");
        Assert.Equal(0, (await _desktop.RunAsync("restore", "latest", "--host", "laptop-a", "--to", restored)).ExitCode);
        TreeAssert.Identical(laptopData, restored);
    }

    [Fact]
    public async Task Stats_shows_each_device_and_delete_says_what_it_frees_and_when()
    {
        var laptopData = _laptop.Path("App");
        AppData.Generate(laptopData, 8, seed: 3);
        var desktopData = _desktop.Path("App");
        AppData.Generate(desktopData, 8, seed: 3);
        AppData.Generate(Path.Combine(desktopData, "Extra"), 4, seed: 4);
        _laptop.UseS3(Bucket);
        _desktop.UseS3(Bucket);
        Assert.Equal(0, (await _laptop.RunAsync("backup", laptopData)).ExitCode);
        Assert.Equal(0, (await _desktop.RunAsync("backup", desktopData)).ExitCode);
        var stats = JsonDocument.Parse((await _laptop.RunAsync("stats", "--json")).Stdout).RootElement;
        var devices = stats.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("host").GetString()!);
        var desktopOwn = devices["desktop-b"].GetProperty("only_this_device").GetInt64();
        Assert.InRange(desktopOwn, 2L << 20, 5L << 20); // the 4 MB only the desktop has, partly compressible
        Assert.True(stats.GetProperty("shared_bytes").GetInt64() > 5L << 20, stats.ToString());
        Assert.Equal(0, stats.GetProperty("reclaimable_bytes").GetInt64());

        var desktopSnapshot = JsonDocument.Parse((await _desktop.RunAsync("list", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("host").GetString() == "desktop-b").GetProperty("id").GetString()!;
        var deleted = await _desktop.RunAsync("delete", desktopSnapshot, "--json");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var result = JsonDocument.Parse(deleted.Stdout).RootElement;
        Assert.Equal(desktopOwn, result.GetProperty("freed_bytes").GetInt64());
        Assert.True(result.GetProperty("freed_now").GetBoolean(), deleted.ToString());
        Assert.Contains("removed now by maintenance", result.GetProperty("message").GetString());
        var after = JsonDocument.Parse((await _laptop.RunAsync("stats", "--json")).Stdout).RootElement;
        Assert.True(after.GetProperty("repository_bytes").GetInt64() <= stats.GetProperty("repository_bytes").GetInt64() - desktopOwn + (256 << 10), after.ToString());
        Assert.Single(after.GetProperty("devices").EnumerateArray());
    }

    private async Task<long> FreshBucketBytesAsync(params string[] folders)
    {
        var root = S3ServerFixture.UniqueRoot();
        using var fresh = new Device("fresh");
        fresh.UseS3(Bucket with { Root = root });
        foreach (var folder in folders)
        {
            var run = await fresh.RunAsync("backup", folder, "--host", $"device-{Array.IndexOf(folders, folder)}");
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        return await BucketBytesAsync(root);
    }

    /// <summary>What the provider bills: every object under the root, listed by the test itself.</summary>
    private async Task<long> BucketBytesAsync(string root)
    {
        long bytes = 0;
        await foreach (var o in ceph.CreateStore(root).ListAsync("", CancellationToken.None))
        {
            bytes += o.Size;
        }

        return bytes;
    }

    public void Dispose()
    {
        _laptop.Dispose();
        _desktop.Dispose();
    }
}
