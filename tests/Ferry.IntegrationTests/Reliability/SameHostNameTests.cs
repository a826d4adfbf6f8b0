using System.Diagnostics;
using System.Globalization;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Reliability;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// Two computers with the same name (default names are common; a container, a second user account
/// or another PID namespace look the same): one backs up slowly while the other prunes. The prune
/// must not take the running backup for dead, and the backup must come out whole.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SameHostNameTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _backing = new("laptop");
    private readonly Device _pruning = new("laptop");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task A_prune_on_another_computer_of_the_same_name_leaves_a_slow_running_backup_whole()
    {
        _backing.UseS3(Bucket);
        _pruning.UseS3(Bucket);
        var source = _backing.Path("AppData");
        AppData.Generate(source, megabytes: 8);
        Assert.Equal(0, (await _backing.RunAsync("backup", source, "--quiet")).ExitCode);
        await File.WriteAllBytesAsync(Path.Combine(source, "Data", "Files", "video.bin"), Noise(24 * 1024 * 1024));
        var inspector = new RepositoryInspector(ceph, Bucket, _backing.Environment["FERRY_PASSWORD"]);
        var packsBefore = (await inspector.KeysAsync("data/")).Count;

        // The backup runs in its own PID namespace, as in a container: its process id there is one
        // that does not run on this computer. Its uploads pass a 2 MB/s link.
        await using var slowLink = new FaultProxy(Bucket.Endpoint, 0, ReliabilityRun.Seed) { UploadBytesPerSecond = 2 * 1024 * 1024 };
        var environment = new Dictionary<string, string>(_backing.Environment) { ["FERRY_S3_ENDPOINT"] = slowLink.Endpoint };
        using var backup = FerryProcess.StartWithin(InOwnPidNamespace(), environment, "backup", source, "--quiet");
        backup.StandardInput.Close();
        var output = Task.WhenAll(backup.StandardOutput.ReadToEndAsync(), backup.StandardError.ReadToEndAsync());

        await WaitUntilAsync(async () => (await inspector.KeysAsync("locks/")).Count > 0 && (await inspector.KeysAsync("data/")).Count > packsBefore, backup);
        var prune = await _pruning.RunAsync("prune");
        await backup.WaitForExitAsync();
        var texts = await output;

        Assert.True(backup.ExitCode == 0, $"backup: exit {backup.ExitCode}\n{texts[0]}{texts[1]}");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        var check = await _pruning.RunAsync("check", "--read-data");
        Assert.True(check.ExitCode == 0, $"the backup is damaged after the prune: {check}");
        var restored = _pruning.Path("restored");
        var restore = await _pruning.RunAsync("restore", "latest", "--host", "laptop", "--to", restored, "--quiet");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(source, restored);
    }

    /// <summary>
    /// <c>unshare --pid --fork --mount-proc</c>, with the namespace's next process id set so that ferry
    /// runs under one nothing on this computer runs under: one this computer handed out a while ago
    /// and that has since exited, or, just after the counter wrapped round (a machine up for hours),
    /// one far above it. Either is not handed out again for thousands of processes.
    /// </summary>
    private static string[] InOwnPidNamespace()
    {
        var last = int.Parse(File.ReadAllText("/proc/sys/kernel/ns_last_pid").Trim(), CultureInfo.InvariantCulture);
        var max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);
        var farAbove = Math.Min(last + 10_000, max);
        var pid = Enumerable.Range(300, Math.Max(0, last - 800)).Reverse()
            .Concat(Enumerable.Range(farAbove, max - farAbove).Reverse())
            .First(p => !Directory.Exists($"/proc/{p}"));
        const string Script = "echo $(( $1 - 1 )) > /proc/sys/kernel/ns_last_pid; shift; \"$@\" & child=$!; wait $child";
        return ["unshare", "--pid", "--fork", "--mount-proc", "/bin/sh", "-c", Script, "sh", pid.ToString(CultureInfo.InvariantCulture)];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Process backup)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.False(backup.HasExited, "the backup finished before the prune could start: slow the link down");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the backup never took its lock and uploaded a pack");
            await Task.Delay(200);
        }
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _backing.Dispose();
        _pruning.Dispose();
    }
}
