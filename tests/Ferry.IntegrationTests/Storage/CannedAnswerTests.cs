using Ferry.Storage;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Storage;

/// <summary>
/// Answers that real providers give and Ceph RGW never does, played by <see cref="CannedS3Server"/>
/// through the real SDK: region redirects, throttling, cut connections, an ignored Range header.
/// </summary>
public sealed class CannedAnswerTests
{
    private static readonly RetryOptions Quick = new() { MaxAttempts = 3, FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_wrong_region_names_the_region_aws_asks_for()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Error(400, "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'", "<Region>eu-west-1</Region>"));

        var e = await Assert.ThrowsAsync<StorageException>(() => ListAsync(Open(server)));

        Assert.Equal(StorageErrorKind.RegionMismatch, e.Kind);
        Assert.Contains("bucket 'canned' is in region 'eu-west-1', not 'us-east-1': set Region to eu-west-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_redirect_names_the_region_from_its_header()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Error(301, "PermanentRedirect",
            "The bucket you are attempting to access must be addressed using the specified endpoint.", "", "x-amz-bucket-region: ap-southeast-1"));

        var e = await Assert.ThrowsAsync<StorageException>(() => ListAsync(Open(server)));

        Assert.Equal(StorageErrorKind.RegionMismatch, e.Kind);
        Assert.Contains("set Region to ap-southeast-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bodiless_redirect_on_stat_is_a_region_mismatch_too()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Reply(301, "", null, "x-amz-bucket-region: eu-central-1"));

        var e = await Assert.ThrowsAsync<StorageException>(() => Open(server).StatAsync("config", CancellationToken.None));

        Assert.Equal(StorageErrorKind.RegionMismatch, e.Kind);
        Assert.Contains("set Region to eu-central-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_down_is_retried_until_the_provider_accepts()
    {
        await using var server = new CannedS3Server(request =>
            request.Method == "PUT" && Interlocked.Increment(ref _slowDowns) <= 2
                ? CannedS3Server.Error(503, "SlowDown")
                : CannedS3Server.Reply(200, "", null, "ETag: \"e\""));
        var store = new RetryingObjectStore(Open(server), Quick);

        await store.PutAsync("data/ab/pack", new byte[100], CancellationToken.None);

        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task An_upload_sends_its_body_at_once_instead_of_waiting_a_round_trip_for_100_continue()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<CannedRequest>();
        await using var server = new CannedS3Server(request =>
        {
            seen.Enqueue(request);
            return CannedS3Server.Reply(200, "", null, "ETag: \"e\"");
        });

        await Open(server).PutAsync("data/ab/pack", new byte[1_000_000], CancellationToken.None);

        var put = Assert.Single(seen);
        Assert.Equal("PUT", put.Method);
        Assert.DoesNotContain(put.Headers, h => h.StartsWith("Expect:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_body_cut_short_is_never_taken_for_data_and_is_retried()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Reply(200, "only ten b", declaredLength: 1000));
        var store = new RetryingObjectStore(Open(server), Quick);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.GetAsync("data/ab/pack", CancellationToken.None));

        Assert.Equal(StorageErrorKind.Timeout, e.Kind);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_server_that_ignores_range_is_refused_rather_than_misread()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Reply(200, "0123456789"));

        var e = await Assert.ThrowsAsync<StorageException>(() => Open(server).GetRangeAsync("data/ab/pack", 2, 3, CancellationToken.None));

        Assert.Contains("ignored the byte range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internal_error_is_a_transient_server_error()
    {
        await using var server = new CannedS3Server(_ => CannedS3Server.Error(500, "InternalError"));

        var e = await Assert.ThrowsAsync<StorageException>(() => Open(server).DeleteAsync("locks/x", CancellationToken.None));

        Assert.Equal(StorageErrorKind.ServerError, e.Kind);
        Assert.True(e.IsTransient);
    }

    private int _slowDowns;

    private static S3ObjectStore Open(CannedS3Server server) => S3ObjectStore.Create(new S3Settings
    {
        Endpoint = server.Endpoint,
        Bucket = "canned",
        AccessKeyId = "AKIACANNED",
        SecretAccessKey = "cannedsecret",
    });

    private static async Task ListAsync(S3ObjectStore store)
    {
        await foreach (var _ in store.ListAsync("", CancellationToken.None))
        {
        }
    }
}
