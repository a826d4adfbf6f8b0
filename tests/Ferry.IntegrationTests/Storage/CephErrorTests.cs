using System.Net;
using System.Net.Sockets;
using Ferry.Storage;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Storage;

/// <summary>
/// What a user sees for each common settings mistake, against a server that really checks
/// signatures. Every message is one line, says what to change, and never shows the secret.
/// </summary>
/// <remarks>
/// No wrong-region test here: Ceph RGW (Pacific, one zone group) accepts a request signed for any
/// region, "eu-west-3" included, so it cannot produce the error. Region mismatches are played with
/// AWS's own answers in <see cref="CannedAnswerTests"/>.
/// </remarks>
public sealed class CephErrorTests(CephFixture ceph) : IClassFixture<CephFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string WrongSecret = "wrongsecretkey000000000000000000000000099";

    [Fact]
    public async Task A_wrong_secret_key_is_reported_as_such()
    {
        var e = await FailingListAsync(ceph.Settings with { SecretAccessKey = WrongSecret });

        Assert.Equal(StorageErrorKind.WrongSecretKey, e.Kind);
        AssertActionable(e, "check Secret Access Key", WrongSecret);
    }

    [Fact]
    public async Task An_unknown_access_key_id_is_reported_with_the_id()
    {
        var e = await FailingListAsync(ceph.Settings with { AccessKeyId = "NOSUCHKEY0000000000X" });

        Assert.Equal(StorageErrorKind.UnknownAccessKey, e.Kind);
        AssertActionable(e, "does not know access key id 'NOSUCHKEY0000000000X': check Access Key ID");
    }

    [Fact]
    public async Task A_missing_bucket_is_named_with_the_fix()
    {
        var e = await FailingListAsync(ceph.Settings with { Bucket = "no-such-bucket-here" });

        Assert.Equal(StorageErrorKind.BucketMissing, e.Kind);
        AssertActionable(e, $"bucket 'no-such-bucket-here' does not exist at {ceph.Settings.Endpoint}: create it");
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var e = await FailingListAsync(ceph.Settings with { Endpoint = $"http://127.0.0.1:{ClosedPort()}" });

        Assert.Equal(StorageErrorKind.Unreachable, e.Kind);
        AssertActionable(e, "connection refused): check Endpoint");
    }

    [Fact]
    public void The_bucket_repeated_in_the_endpoint_is_caught_before_any_request()
    {
        var settings = ceph.Settings with { Endpoint = $"{ceph.Settings.Endpoint}/{ceph.Settings.Bucket}" };

        var e = Assert.Throws<StorageException>(() => S3ObjectStore.Create(settings));

        Assert.Equal(StorageErrorKind.BucketInEndpoint, e.Kind);
        AssertActionable(e, $"set Endpoint to {ceph.Settings.Endpoint}");
    }

    [Fact]
    public async Task The_probe_passes_with_good_settings()
    {
        var report = await StoreProbe.RunAsync(ceph.CreateStore(), None);

        Assert.True(report.Ok, report.ToString());
        Assert.Equal(5, report.Steps.Count);
    }

    [Fact]
    public async Task The_probe_names_the_failing_step_and_the_fix()
    {
        var store = new RetryingObjectStore(ceph.Open(ceph.Settings with { SecretAccessKey = WrongSecret }));

        var report = await StoreProbe.RunAsync(store, None);

        Assert.Equal(StoreProbe.Connect, report.Failure!.Name);
        Assert.Equal(StorageErrorKind.WrongSecretKey, report.Failure.Kind);
        Assert.DoesNotContain(WrongSecret, report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_outside_the_root_is_listed_or_deleted()
    {
        var root = S3ServerFixture.UniqueRoot();
        var bucket = ceph.CreateStore(root: "");
        // Keys that start with the root's name as a string but are not inside it.
        string[] outside = [$"{root}-sibling/data/x", $"{root}x", $"outside/{root}/config"];
        foreach (var key in outside)
        {
            await bucket.PutAsync(key, new byte[] { 9 }, None);
        }

        var store = ceph.CreateStore(root: $"/{root}/");
        await store.PutAsync("config", new byte[] { 1 }, None);
        var listed = new List<string>();
        await foreach (var o in store.ListAsync("", None))
        {
            listed.Add(o.Key);
        }

        foreach (var key in listed)
        {
            await store.DeleteAsync(key, None);
        }

        Assert.Equal(["config"], listed);
        Assert.Null(await bucket.StatAsync($"{root}/config", None));
        foreach (var key in outside)
        {
            Assert.NotNull(await bucket.StatAsync(key, None));
        }
    }

    private async Task<StorageException> FailingListAsync(S3Settings settings)
    {
        var store = new RetryingObjectStore(ceph.Open(settings));
        return await Assert.ThrowsAsync<StorageException>(async () =>
        {
            await foreach (var _ in store.ListAsync("", None))
            {
            }
        });
    }

    private void AssertActionable(StorageException e, string expected, string? alsoSecret = null)
    {
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(ceph.Settings.SecretAccessKey, e.Message, StringComparison.Ordinal);
        if (alsoSecret is not null)
        {
            Assert.DoesNotContain(alsoSecret, e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A port nothing listens on: bound by the kernel, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
