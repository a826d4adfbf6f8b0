using System.Net;
using System.Net.Sockets;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Wrong settings (README, "Connect a bucket") through the real executable against Ceph RGW: each mistake gives one line that
/// says what went wrong and what to do, a non-zero exit, no secret in sight, and nothing lost.
/// </summary>
public sealed class CliErrorTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private const string WrongSecret = "wrongsecretkey000000000000000000000000099";
    private readonly Device _device = new("laptop-a");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task Wrong_secret_key()
    {
        _device.UseS3(Bucket with { SecretAccessKey = WrongSecret });

        var run = await BackupAsync();

        AssertOneLineError(run, "Secret Access Key");
        Assert.DoesNotContain(WrongSecret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_access_key_id()
    {
        _device.UseS3(Bucket with { AccessKeyId = "NOSUCHKEY0000000000X" });

        AssertOneLineError(await BackupAsync(), "Access Key ID");
    }

    [Fact]
    public async Task Missing_bucket()
    {
        _device.UseS3(Bucket with { Bucket = "no-such-bucket-anywhere" });

        AssertOneLineError(await BackupAsync(), "no-such-bucket-anywhere");
    }

    [Fact]
    public async Task Unreachable_endpoint()
    {
        _device.UseS3(Bucket with { Endpoint = $"http://127.0.0.1:{ClosedPort()}" });

        AssertOneLineError(await BackupAsync(), "Endpoint");
    }

    [Fact]
    public async Task Bucket_repeated_in_the_endpoint()
    {
        _device.UseS3(Bucket with { Endpoint = $"{Bucket.Endpoint}/{Bucket.Bucket}" });

        AssertOneLineError(await BackupAsync(), Bucket.Bucket);
    }

    [Fact]
    public async Task Repository_not_initialised()
    {
        _device.UseS3(Bucket);

        var run = await _device.RunAsync("list");

        AssertOneLineError(run, "ferry init");
    }

    [Fact]
    public async Task Wrong_password_changes_nothing()
    {
        _device.UseS3(Bucket);
        Assert.Equal(0, (await BackupAsync()).ExitCode);
        var objects = await CountObjectsAsync();
        _device.Environment["FERRY_PASSWORD"] = "not the password";

        var backup = await BackupAsync();
        var restore = await _device.RunAsync("restore", "latest", "--to", _device.Path("out"));

        AssertOneLineError(backup, "wrong password");
        AssertOneLineError(restore, "wrong password");
        Assert.Equal(objects, await CountObjectsAsync());
        Assert.False(Directory.Exists(_device.Path("out")));
    }

    [Fact]
    public async Task Config_test_proves_good_settings_step_by_step()
    {
        _device.UseS3(Bucket);

        var run = await _device.RunAsync("config", "test");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var step in new[] { "connect and authenticate", "write a probe object", "read it back", "find it in a listing", "delete it" })
        {
            Assert.Contains($"✓ {step}", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountObjectsAsync());
    }

    [Fact]
    public async Task Config_test_names_the_failing_step_and_the_fix()
    {
        _device.UseS3(Bucket with { SecretAccessKey = WrongSecret });

        var run = await _device.RunAsync("config", "test");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("✗ connect and authenticate", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret Access Key", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_saved_with_config_set_work_and_keep_the_secret_off_the_command_line()
    {
        foreach (var (key, value) in new[] { ("endpoint", Bucket.Endpoint), ("region", Bucket.Region), ("bucket", Bucket.Bucket), ("access-key-id", Bucket.AccessKeyId), ("root", Bucket.Root) })
        {
            Assert.Equal(0, (await _device.RunAsync("config", "set", key, value)).ExitCode);
        }

        var secret = await _device.RunWithInputAsync(Bucket.SecretAccessKey + "\n", "config", "set", "secret-access-key", "-");
        var test = await _device.RunAsync("config", "test");
        var show = await _device.RunAsync("config", "show");

        Assert.True(secret.ExitCode == 0, secret.ToString());
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.DoesNotContain(Bucket.SecretAccessKey, show.Stdout + show.Stderr + secret.Stdout + test.Stdout, StringComparison.Ordinal);
    }

    private Task<ProcessRun> BackupAsync()
    {
        var data = _device.Path("data");
        if (!Directory.Exists(data))
        {
            SampleTree.Write(data);
        }

        return _device.RunAsync("backup", data);
    }

    private async Task<int> CountObjectsAsync()
    {
        var count = 0;
        await foreach (var _ in ceph.Open(Bucket).ListAsync("", CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private static void AssertOneLineError(ProcessRun run, string hint)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        var errors = run.Stderr.Split('\n').Where(l => l.StartsWith("ferry:", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains(hint, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _device.Dispose();
}
