using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;
using Ferry.Testing.Support;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// The real executable against Ceph RGW over HTTPS, its certificate signed by a CA made for this test
/// run (scripts/test-servers.sh). Trust comes only from the CA a device is told about (SSL_CERT_FILE),
/// and connections are reused: a command makes no more TLS handshakes than the connections it may
/// have open at once, however many requests it sends. A relay in front of the HTTPS port counts the
/// connections; each one carries exactly one handshake.
/// </summary>
public sealed class HttpsTests(CephFixture ceph) : IClassFixture<CephFixture>, IAsyncLifetime
{
    private readonly ConnectionCountingRelay _relay = new(TestServerEnvironment.CephTlsEndpoint);
    private readonly Device _laptop = new("laptop-tls");
    private readonly Device _desktop = new("desktop-tls");

    private S3Settings Bucket => ceph.Settings with
    {
        Endpoint = _relay.Endpoint(TestServerEnvironment.CephTlsEndpoint),
        Root = $"/tls/{S3ServerFixture.UniqueRoot()}/",
    };

    [Fact]
    public async Task A_backup_and_a_restore_on_another_device_over_https_reuse_their_connections()
    {
        var bucket = Bucket;
        var data = _laptop.Path("home/.config/CherryStudio");
        AppData.Generate(data, megabytes: 40);
        foreach (var device in new[] { _laptop, _desktop })
        {
            device.UseS3(bucket).Environment["SSL_CERT_FILE"] = TestServerEnvironment.CephCaFile;
        }

        var backup = await _laptop.RunAsync("backup", data);
        var backupHandshakes = _relay.TakeConnections();
        var unchanged = await _laptop.RunAsync("backup", data);
        var unchangedHandshakes = _relay.TakeConnections();
        var restore = await _desktop.RunAsync("restore", "latest", "--to", _desktop.Path("restored"));
        var restoreHandshakes = _relay.TakeConnections();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(data, _desktop.Path("restored"));
        var packs = await CountAsync(bucket, "data/");
        Assert.True(packs >= 3, $"{packs} packs: too few for the upload to need several connections");
        // A backup sends at least a request per pack plus ten for the rest (config, listings, lock,
        // index, snapshot); every one of them went over one of at most this many connections.
        foreach (var (command, handshakes) in new[] { ("backup", backupHandshakes), ("unchanged backup", unchangedHandshakes), ("restore", restoreHandshakes) })
        {
            Assert.True(handshakes is >= 1 and <= S3ObjectStore.DefaultMaxConcurrentRequests, $"{command}: {handshakes} TLS handshakes, allowed 1 to {S3ObjectStore.DefaultMaxConcurrentRequests}");
        }
    }

    [Fact]
    public async Task A_certificate_from_a_ca_the_device_does_not_trust_is_refused_in_one_line_and_nothing_is_written()
    {
        var bucket = Bucket;
        var data = _laptop.Path("notes");
        AppData.Generate(data, megabytes: 1);
        _laptop.UseS3(bucket);

        var run = await _laptop.RunAsync("backup", data);

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("ferry:", StringComparison.Ordinal));
        Assert.Contains("TLS", error, StringComparison.Ordinal);
        Assert.Contains("certificate", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(bucket, ""));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _laptop.Dispose();
        _desktop.Dispose();
        await _relay.DisposeAsync();
    }

    /// <summary>Objects under the bucket's root with this prefix, listed over plain HTTP (not through the relay).</summary>
    private async Task<int> CountAsync(S3Settings bucket, string prefix)
    {
        var count = 0;
        await foreach (var _ in ceph.CreateStore(bucket.Root).ListAsync(prefix, CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
