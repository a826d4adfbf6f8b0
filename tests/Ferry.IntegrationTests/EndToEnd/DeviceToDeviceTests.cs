using System.Text;
using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// The mission, end to end with the real executable: computer A backs up its app data to the
/// bucket, computer B (its own home, config and host name) restores it, byte for byte and mode for mode.
/// </summary>
public abstract class DeviceToDeviceTests<TServer>(TServer server) : IDisposable
    where TServer : S3ServerFixture
{
    private readonly Device _a = new("laptop-a");
    private readonly Device _b = new("desktop-b");

    private S3Settings Bucket { get; } = server.Settings with { Root = $"/users/{S3ServerFixture.UniqueRoot()}/" };

    [Fact]
    public async Task Computer_A_backs_up_and_computer_B_restores_identical_data_then_an_update()
    {
        var data = _a.Path("home/.config/CherryStudio");
        AppData.Generate(data, megabytes: 24);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);

        var first = await _a.RunAsync("backup", data);
        var restoreFirst = await _b.RunAsync("restore", "latest", "--host", "laptop-a", "--to", _b.Path("home/.config/CherryStudio"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(restoreFirst.ExitCode == 0, restoreFirst.ToString());
        TreeAssert.Identical(data, _b.Path("home/.config/CherryStudio"));

        AppData.Mutate(data);
        var second = await _a.RunAsync("backup", data, "--json");
        var restoreSecond = await _b.RunAsync("restore", "latest", "--to", _b.Path("second"));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(restoreSecond.ExitCode == 0, restoreSecond.ToString());
        TreeAssert.Identical(data, _b.Path("second"));
        var summary = JsonDocument.Parse(second.Stdout).RootElement;
        Assert.True(summary.GetProperty("unchanged_files").GetInt64() > 0, "an update re-read every file");
        Assert.InRange(summary.GetProperty("snapshot").GetProperty("added").GetInt64(), 1, 4 * 1024 * 1024);
    }

    [Fact]
    public async Task Computer_B_lists_the_backups_of_both_devices()
    {
        var data = _a.Path("notes");
        SampleTree.Write(data);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);
        await _a.RunAsync("backup", data);
        await _b.RunAsync("backup", data);

        var list = await _b.RunAsync("list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var hosts = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("host").GetString()).Order();
        Assert.Equal(["desktop-b", "laptop-a"], hosts);
    }

    [Fact]
    public async Task Nothing_of_the_source_is_readable_in_the_bucket()
    {
        var data = _a.Path("App");
        SampleTree.Write(data);
        _a.UseS3(Bucket);

        var backup = await _a.RunAsync("backup", data);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var needles = new[] { "sk-secret-value-123", "message 1234 from the assistant", "note-01.md", "IndexedDB", "photo.png" };
        var store = server.Open(Bucket);
        var objects = 0;
        await foreach (var o in store.ListAsync("", CancellationToken.None))
        {
            objects++;
            var bytes = await store.GetAsync(o.Key, CancellationToken.None);
            foreach (var needle in needles)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{o.Key} holds '{needle}' in plain text");
                Assert.DoesNotContain(needle, o.Key, StringComparison.Ordinal);
            }
        }

        Assert.True(objects >= 4, $"expected config, a key, packs, an index and a snapshot; found {objects} objects");
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}

public sealed class CephDeviceToDeviceTests(CephFixture ceph) : DeviceToDeviceTests<CephFixture>(ceph), IClassFixture<CephFixture>;

/// <summary>s3rver stores aws-chunked bodies verbatim: byte-identical restores prove Ferry never sends them.</summary>
public sealed class S3rverDeviceToDeviceTests(S3rverFixture s3rver) : DeviceToDeviceTests<S3rverFixture>(s3rver), IClassFixture<S3rverFixture>;
