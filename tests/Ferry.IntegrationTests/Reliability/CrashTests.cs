using Ferry.Repository.Snapshots;
using Ferry.Restore;
using Ferry.Storage.S3;
using Ferry.Testing.Processes;
using Ferry.Testing.Reliability;
using Ferry.Testing.Servers;
using Ferry.Testing.Support;
using Xunit.Abstractions;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// SIGKILL at random moments of backup, restore --replace, delete, forget and prune, against Ceph
/// RGW with the real executable. FERRY_CRASH_KILLS sets the kills per operation (a handful in CI,
/// 30 in the long run of docs/RELIABILITY.md).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CrashTests(CephFixture ceph, ITestOutputHelper output) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _device = new("crash-lab");
    private readonly StateBook _book = new();

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    private string Source => _device.Path("AppData");

    [Fact]
    public Task Backup_killed_at_random_moments_loses_nothing() => RunAsync(new CrashOperation("backup")
    {
        Prepare = round =>
        {
            AppData.Mutate(Source, seed: 1000 + round);
            return Task.FromResult<string[]>(["backup", Source, "--tag", _book.Record(Source), "--quiet"]);
        },
        AfterKill = async () => (await SnapshotsAsync()).Count > 1 ? "snapshot stored before the kill" : "no snapshot yet",
        AfterRun = async run =>
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            await KeepNewestAsync(1);
        },
    });

    [Fact]
    public async Task Restore_replace_killed_at_random_moments_leaves_the_old_or_the_new_tree()
    {
        await EnsureSourceAsync();
        var oldTree = _device.Path("old-tree");
        Assert.Equal(0, (await _device.RunAsync("restore", "latest", "--to", oldTree, "--quiet")).ExitCode);
        AppData.Mutate(Source, seed: 7);
        File.WriteAllBytes(Path.Combine(Source, "Data", "Files", "new-attachment.bin"), new byte[3 * 1024 * 1024]);
        var newTag = _book.Record(Source);
        Assert.Equal(0, (await _device.RunAsync("backup", Source, "--tag", newTag, "--quiet")).ExitCode);
        var newId = (await SnapshotsAsync()).First(s => s.Tags.Contains(newTag)).Id;
        var oldTag = _book.Record(oldTree);
        var live = _device.Path("live");

        await RunAsync(new CrashOperation("restore --replace")
        {
            Prepare = _ =>
            {
                if (Directory.Exists(live))
                {
                    StagingArea.DeleteTree(live);
                }

                Shell.Run("cp", null, "-a", oldTree, live);
                return Task.FromResult<string[]>(["restore", newId, "--to", live, "--replace", "--quiet"]);
            },
            AfterKill = () => Task.FromResult(
                StateBook.Matches(live, newTag) ? "target is the new tree"
                : StateBook.Matches(live, oldTag) ? "target is the old tree"
                : throw new Xunit.Sdk.XunitException("the target is neither the old nor the new tree")),
            AfterRun = async run =>
            {
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.True(StateBook.Matches(live, newTag), "the finished restore is not the new tree");
                Assert.Empty(Directory.GetFileSystemEntries(_device.Path(""), ".live.ferry-*"));
                Assert.Contains(await SnapshotsAsync(), s => s.Tags.Contains(SafetySnapshots.Tag));
            },
            // Only once the driver restored and compared them: a safety snapshot must equal a tree that existed.
            Tidy = async () => await DeleteAsync((await SnapshotsAsync()).Where(s => s.Tags.Contains(SafetySnapshots.Tag))),
        });
    }

    [Fact]
    public async Task Delete_killed_at_random_moments_deletes_the_snapshot_or_nothing()
    {
        var victim = "";
        await RunAsync(new CrashOperation("delete")
        {
            Prepare = async round =>
            {
                var tag = $"victim-{round}";
                Assert.Equal(0, (await _device.RunAsync("backup", Source, "--tag", _book.Record(Source), "--tag", tag, "--quiet")).ExitCode);
                victim = (await SnapshotsAsync()).Single(s => s.Tags.Contains(tag)).Id;
                return ["delete", victim];
            },
            AfterKill = async () => (await SnapshotsAsync()).Any(s => s.Id == victim) ? "snapshot still there" : "snapshot deleted",
            AfterRun = async run =>
            {
                // Run again after a kill that came too late, the same command finds nothing to delete and says so.
                Assert.True(run.ExitCode == 0 || (run.ExitCode == 1 && run.Stderr.Contains("no snapshot", StringComparison.OrdinalIgnoreCase)), run.ToString());
                Assert.DoesNotContain(await SnapshotsAsync(), s => s.Id == victim);
            },
        });
    }

    [Fact]
    public Task Forget_killed_at_random_moments_keeps_what_the_rules_keep() => RunAsync(new CrashOperation("forget")
    {
        Prepare = async round =>
        {
            for (var extra = 0; extra < 2; extra++)
            {
                AppData.Mutate(Source, seed: 2000 + (round * 2) + extra);
                Assert.Equal(0, (await _device.RunAsync("backup", Source, "--tag", _book.Record(Source), "--quiet")).ExitCode);
            }

            return ["forget", "--keep-last", "2", "--quiet"];
        },
        AfterKill = async () => $"{(await SnapshotsAsync()).Count} snapshots left by the kill",
        AfterRun = async run =>
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(2, (await SnapshotsAsync()).Count);
        },
    });

    [Fact]
    public async Task Prune_killed_at_random_moments_keeps_every_needed_blob()
    {
        var packs = new List<string>();
        await RunAsync(new CrashOperation("prune")
        {
            Prepare = async round =>
            {
                // Garbage for prune to remove: a snapshot with new data, deleted again.
                AppData.Mutate(Source, seed: 3000 + round);
                File.WriteAllBytes(Path.Combine(Source, "Data", "Files", "scratch.bin"), RandomBytes(round, 2 * 1024 * 1024));
                var tag = _book.Record(Source);
                Assert.Equal(0, (await _device.RunAsync("backup", Source, "--tag", tag, "--quiet")).ExitCode);
                await DeleteAsync((await SnapshotsAsync()).Where(s => s.Tags.Contains(tag)));
                File.Delete(Path.Combine(Source, "Data", "Files", "scratch.bin"));
                packs = await Inspector().KeysAsync("data/");
                return ["prune", "--quiet"];
            },
            AfterKill = async () =>
            {
                var now = await Inspector().KeysAsync("data/");
                return packs.Except(now).Any() ? "packs already deleted"
                    : now.Count > packs.Count ? "new packs written, none deleted yet"
                    : "nothing changed yet";
            },
            AfterRun = async run =>
            {
                Assert.True(run.ExitCode == 0, run.ToString());
                // A prune with nothing to remove would make every kill land before any deletion.
                var now = await Inspector().KeysAsync("data/");
                Assert.True(packs.Except(now).Any(), "prune finished without removing the deleted snapshot's data");
            },
        });
    }

    private RepositoryInspector Inspector() => new(ceph, Bucket, _device.Environment["FERRY_PASSWORD"]);

    private async Task RunAsync(CrashOperation operation)
    {
        await EnsureSourceAsync();
        var driver = new CrashDriver(_device, Inspector(), _book, _device.Path("scratch"));
        var figures = await driver.RunAsync(operation, ReliabilityRun.Kills);
        output.WriteLine(ReliabilityRun.Report("crash", figures));
    }

    /// <summary>A 16 MB app-data folder and its first snapshot.</summary>
    private async Task EnsureSourceAsync()
    {
        _device.UseS3(Bucket);
        if (!Directory.Exists(Source))
        {
            AppData.Generate(Source, megabytes: 16);
            Assert.Equal(0, (await _device.RunAsync("backup", Source, "--tag", _book.Record(Source), "--quiet")).ExitCode);
        }
    }

    private Task<List<SnapshotRow>> SnapshotsAsync() => StateBook.ListAsync(_device);

    private async Task KeepNewestAsync(int count) => await DeleteAsync((await SnapshotsAsync()).Skip(count));

    private async Task DeleteAsync(IEnumerable<SnapshotRow> snapshots)
    {
        var ids = snapshots.Select(s => s.Id).ToArray();
        if (ids.Length > 0)
        {
            // The test's own tidying: automatic maintenance after it would prune what the prune series kills.
            var delete = await _device.RunAsync(["delete", "--no-maintenance", .. ids]);
            Assert.True(delete.ExitCode == 0, delete.ToString());
        }
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _device.Dispose();
}
