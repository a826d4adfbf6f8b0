using System.Diagnostics;
using System.Security.Cryptography;
using Ferry.Storage;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Storage;

/// <summary>
/// A server, proxy or captive portal that takes the connection and then says nothing, played by
/// <see cref="CannedS3Server"/> through the real SDK and the retries every command uses, with the
/// timeouts shortened from tens of seconds to two.
/// </summary>
public sealed class SilentServerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Long enough that a test failing on a hang fails, not waits five minutes.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private static readonly S3Timeouts Short = new() { Response = TimeSpan.FromSeconds(2), BodyStall = TimeSpan.FromSeconds(2) };

    /// <summary>The default attempts, without the waits between them.</summary>
    private static readonly RetryOptions Quick = new() { FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_server_that_never_answers_ends_in_a_timeout_error_after_a_few_attempts()
    {
        await using var server = new CannedS3Server((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var store = Open(server);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("config", None).WaitAsync(Patience));

        Assert.Equal(StorageErrorKind.Timeout, e.Kind);
        Assert.Contains("did not answer within 2 seconds, 4 times in a row: check the network and try again", e.Message, StringComparison.Ordinal);
        // Ferry's attempts are exactly 4 (the message counts them); under load the server has now and then
        // seen a fifth request that no attempt of Ferry's made (most likely HttpClient resending one on a new
        // connection; not pinned down). Not 12, and never more than one extra.
        Assert.InRange(server.Requests, new RetryOptions().MaxTimeoutAttempts, new RetryOptions().MaxTimeoutAttempts + 1);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_download_that_stops_half_way_is_given_up_and_read_again_whole()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var answers = 0;
        await using var server = new CannedS3Server(async (_, stream, ct) =>
        {
            var reply = CannedS3Server.Reply(200, data);
            if (Interlocked.Increment(ref answers) == 1)
            {
                await stream.WriteAsync(reply.AsMemory(0, reply.Length / 2), ct);
                await stream.FlushAsync(ct);
                await Task.Delay(Timeout.Infinite, ct);
            }

            await stream.WriteAsync(reply, ct);
        });
        using var store = Open(server);

        var back = await store.GetAsync("data/ab/pack", None).WaitAsync(Patience);

        Assert.Equal(data, back);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task An_upload_slower_than_the_response_timeout_is_not_cut()
    {
        // 36 MiB at 8 MiB/s: four and a half seconds of sending, more than twice the response timeout. The socket
        // buffers (4 MiB at most) hold half a second of it: the answer comes that long after the last byte sent.
        await using var server = new CannedS3Server(_ => CannedS3Server.Reply(200, "", null, "ETag: \"e\"")) { BodyBytesPerSecond = 8 * 1024 * 1024 };
        using var store = Open(server);
        var clock = Stopwatch.StartNew();

        await store.PutAsync("data/ab/pack", RandomNumberGenerator.GetBytes(36 * 1024 * 1024), None).WaitAsync(Patience);

        Assert.Equal(1, server.Requests);
        Assert.True(clock.Elapsed > 2 * Short.Response, $"the upload took only {clock.Elapsed}: it did not outlast the response timeout");
    }

    private static RetryingObjectStore Open(CannedS3Server server) => new(
        S3ObjectStore.Create(
            new S3Settings { Endpoint = server.Endpoint, Bucket = "silent", AccessKeyId = "AKIASILENT", SecretAccessKey = "silentsecret" },
            timeouts: Short),
        Quick);
}
