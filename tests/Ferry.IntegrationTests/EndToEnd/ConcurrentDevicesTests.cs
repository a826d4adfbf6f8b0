using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Several devices, one repository, at the same moment, as real processes against Ceph RGW: every
/// command succeeds and every snapshot restores byte for byte, prune included.
/// </summary>
public sealed class ConcurrentDevicesTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _a = new("laptop-a");
    private readonly Device _b = new("desktop-b");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task Two_devices_backing_up_at_once_both_succeed_and_both_restore()
    {
        var dataA = _a.Path("AppA");
        var dataB = _b.Path("AppB");
        AppData.Generate(dataA, megabytes: 16, seed: 1);
        AppData.Generate(dataB, megabytes: 16, seed: 1); // same content: both store the same chunks at once
        await File.WriteAllTextAsync(Path.Combine(dataB, "only-on-b.txt"), "b");
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);
        Assert.Equal(0, (await _a.RunAsync("init")).ExitCode);

        var runs = await Task.WhenAll(_a.RunAsync("backup", dataA), _b.RunAsync("backup", dataB));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await AssertRestoresAsync(_a, "laptop-a", dataA);
        await AssertRestoresAsync(_a, "desktop-b", dataB);
    }

    [Fact]
    public async Task A_backup_racing_a_delete_both_succeed()
    {
        var data = _a.Path("App");
        AppData.Generate(data, megabytes: 16);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);
        Assert.Equal(0, (await _a.RunAsync("backup", data)).ExitCode);
        var first = JsonDocument.Parse((await _a.RunAsync("list", "--json")).Stdout).RootElement[0].GetProperty("id").GetString()!;
        AppData.Mutate(data);

        var runs = await Task.WhenAll(_a.RunAsync("backup", data), _b.RunAsync("delete", first));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await AssertRestoresAsync(_a, "laptop-a", data);
    }

    [Fact]
    public async Task Backups_and_prune_from_two_processes_at_once_lose_nothing()
    {
        var data = _a.Path("App");
        AppData.Generate(data, megabytes: 16);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);
        for (var i = 0; i < 3; i++)
        {
            AppData.Mutate(data, seed: 10 + i);
            Assert.Equal(0, (await _a.RunAsync("backup", data, "--max-backups", "2")).ExitCode);
        }

        var states = new List<Dictionary<string, string>>();
        var backups = Task.Run(async () =>
        {
            var results = new List<ProcessRun>();
            for (var i = 0; i < 3; i++)
            {
                AppData.Mutate(data, seed: 20 + i);
                states.Add(TreeAssert.Describe(data));
                results.Add(await _a.RunAsync("backup", data, "--tag", $"round-{i}"));
            }

            return results;
        });
        var prunes = Task.Run(async () =>
        {
            var results = new List<ProcessRun>();
            for (var i = 0; i < 3; i++)
            {
                results.Add(await _b.RunAsync("prune"));
            }

            return results;
        });

        var all = (await backups).Concat(await prunes).ToList();
        Assert.All(all, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var check = await _b.RunAsync("check", "--read-data");
        Assert.True(check.ExitCode == 0, check.ToString());
        var snapshots = JsonDocument.Parse((await _b.RunAsync("list", "--json")).Stdout).RootElement.EnumerateArray().ToList();
        foreach (var snapshot in snapshots)
        {
            var target = _b.Path($"restore-{snapshot.GetProperty("short_id").GetString()}");
            var restore = await _b.RunAsync("restore", snapshot.GetProperty("id").GetString()!, "--to", target);
            Assert.True(restore.ExitCode == 0, restore.ToString());
            var tag = snapshot.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).FirstOrDefault();
            if (tag?.StartsWith("round-", StringComparison.Ordinal) == true)
            {
                Assert.Equal(states[int.Parse(tag["round-".Length..], System.Globalization.CultureInfo.InvariantCulture)], TreeAssert.Describe(target));
            }
        }
    }

    private static async Task AssertRestoresAsync(Device device, string host, string expected)
    {
        var target = device.Path($"restored-{host}");
        var restore = await device.RunAsync("restore", "latest", "--host", host, "--to", target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(expected, target);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
