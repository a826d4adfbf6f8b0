using System.Diagnostics;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Reliability;
using Ferry.Testing.Servers;
using Xunit.Abstractions;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// The real executable talks to Ceph RGW through <see cref="FaultProxy"/>, which fails a share of
/// requests with 500s, 503 SlowDown, resets before and after the server acted, stalls, slow answers
/// and bodies cut short. Up to <see cref="MustFinishUpTo"/>% of requests failing, every backup,
/// restore and check must finish with exactly the right data (retries are there for that); above
/// it, a run may also stop, with a one-line error. Checked afterwards straight against Ceph, the
/// repository is whole and every snapshot in it restores exactly. FERRY_FAULT_RATES and
/// FERRY_FAULT_ROUNDS set the load.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class FaultTests(CephFixture ceph, ITestOutputHelper output) : IClassFixture<CephFixture>, IDisposable
{
    /// <summary>The fault rate up to which every run must finish: stopping with a clean error is not enough.</summary>
    private const int MustFinishUpTo = 50;

    private readonly Device _device = new("fault-lab");
    private readonly StateBook _book = new();

    [Fact]
    public async Task Backup_restore_and_check_through_a_faulty_network_finish_exactly_up_to_half_the_requests_failing()
    {
        foreach (var rate in ReliabilityRun.FaultRates)
        {
            var bucket = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };
            _device.UseS3(bucket);
            await using var proxy = new FaultProxy(bucket.Endpoint, rate, ReliabilityRun.Seed + rate);
            var figures = new FaultFigures(rate);
            var source = _device.Path($"AppData-{rate}");
            AppData.Generate(source, megabytes: 16, seed: rate);
            Assert.Equal(0, (await _device.RunAsync("init")).ExitCode);

            for (var round = 1; round <= ReliabilityRun.FaultRounds; round++)
            {
                AppData.Mutate(source, seed: (rate * 100) + round);
                var tag = _book.Record(source);
                var backup = await TimedAsync(figures, "backup", proxy, "backup", source, "--tag", tag, "--quiet");
                await AssertWholeAsync(bucket);
                if (backup.ExitCode == 0)
                {
                    Assert.Contains(await StateBook.ListAsync(_device), s => s.Tags.Contains(tag));
                }

                if ((await StateBook.ListAsync(_device)).FirstOrDefault() is { } latest)
                {
                    var target = _device.Path($"restored-{rate}-{round}");
                    var restore = await TimedAsync(figures, "restore", proxy, "restore", latest.Id, "--to", target, "--quiet");
                    AssertExactOrPartialButCorrect(restore, target, latest.Tags.Single(t => t.StartsWith("state-", StringComparison.Ordinal)));
                }

                var check = await TimedAsync(figures, "check --read-data", proxy, "check", "--read-data");
                Assert.DoesNotContain("damaged", check.Stderr, StringComparison.Ordinal);
            }

            Assert.True(rate == 0 || !proxy.Injected.IsEmpty, $"no fault was injected at {rate}%: the runs did not go through the proxy");
            figures.Requests = proxy.Requests;
            foreach (var (kind, count) in proxy.Injected)
            {
                figures.Injected[kind.ToString()] = count;
            }

            output.WriteLine(ReliabilityRun.Report("faults", figures));
        }
    }

    [Fact]
    public async Task A_stalled_request_is_abandoned_after_the_attempt_timeout_and_retried()
    {
        var bucket = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };
        await using var proxy = new FaultProxy(bucket.Endpoint, 50, ReliabilityRun.Seed, [FaultKind.Stall]) { StallTime = TimeSpan.FromMinutes(5) };
        var store = new RetryingObjectStore(
            ceph.Open(bucket with { Endpoint = proxy.Endpoint }),
            new RetryOptions { MaxAttempts = 8, MaxTimeoutAttempts = 8, FirstDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200), AttemptTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 4; i++)
        {
            var data = new byte[1000 + i];
            Random.Shared.NextBytes(data);
            await store.PutAsync($"stall/{i}", data, CancellationToken.None);
            Assert.Equal(data, await store.GetAsync($"stall/{i}", CancellationToken.None));
        }

        Assert.True(proxy.Injected.GetValueOrDefault(FaultKind.Stall) > 0, "no request was stalled");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}: stalled attempts were not abandoned");
    }

    /// <summary>Straight against Ceph, no faults: the repository is whole and every snapshot restores exactly.</summary>
    private async Task AssertWholeAsync(S3Settings bucket)
    {
        var check = await _device.RunAsync("check", "--read-data");
        Assert.True(check.ExitCode == 0, $"after a faulty run the repository is damaged: {check}");
        await _book.VerifyEverySnapshotAsync(_device, _device.Path("verify"));
        var inspector = new RepositoryInspector(ceph, bucket, _device.Environment["FERRY_PASSWORD"]);
        Assert.Equal(0, await inspector.OpenMultipartUploadsAsync());
    }

    /// <summary>A finished restore is exact; a failed one said why in one line and left only correct files, none silently wrong.</summary>
    private void AssertExactOrPartialButCorrect(ProcessRun restore, string target, string tag)
    {
        if (restore.ExitCode == 0)
        {
            Assert.True(StateBook.Matches(target, tag), "a restore through faults finished with different data");
            return;
        }

        if (!Directory.Exists(target))
        {
            return;
        }

        var expected = _book.StateOf(tag);
        foreach (var (path, description) in TreeAssert.Describe(target).Where(e => e.Value.StartsWith("file ", StringComparison.Ordinal)))
        {
            Assert.True(expected.TryGetValue(path, out var want) && want.Split(' ')[^1] == description.Split(' ')[^1], $"{path} was restored with the wrong content");
        }
    }

    private async Task<ProcessRun> TimedAsync(FaultFigures figures, string what, FaultProxy proxy, params string[] args)
    {
        var faulty = new Dictionary<string, string>(_device.Environment) { ["FERRY_S3_ENDPOINT"] = proxy.Endpoint };
        var clock = Stopwatch.StartNew();
        var run = await FerryProcess.RunAsync(faulty, null, args);
        figures.Add(what, run.ExitCode == 0, clock.Elapsed.TotalSeconds);
        if (run.ExitCode != 0)
        {
            AssertCleanFailure(run);
            figures.Errors.Add(run.Stderr.Trim().Split('\n')[^1]);
            Assert.True(proxy.Percent > MustFinishUpTo, $"{what} stopped at {proxy.Percent}% faults, where it must finish: {run}");
        }

        return run;
    }

    /// <summary>A failure is a message for people: no stack trace, no exception type names.</summary>
    private static void AssertCleanFailure(ProcessRun run)
    {
        Assert.True(run.ExitCode is 1, run.ToString());
        Assert.NotEmpty(run.Stderr.Trim());
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _device.Dispose();
}

/// <summary>What one fault rate did, for docs/RELIABILITY.md.</summary>
internal sealed class FaultFigures(int percent)
{
    public int Percent { get; } = percent;

    public SortedDictionary<string, string> Runs { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> Injected { get; } = new(StringComparer.Ordinal);

    public int Requests { get; set; }

    public List<string> Errors { get; } = [];

    private readonly Dictionary<string, (int Ok, int Failed, double Seconds)> _runs = [];

    public void Add(string what, bool ok, double seconds)
    {
        var (good, bad, total) = _runs.GetValueOrDefault(what);
        _runs[what] = ok ? (good + 1, bad, total + seconds) : (good, bad + 1, total + seconds);
        var now = _runs[what];
        Runs[what] = $"{now.Ok} finished, {now.Failed} stopped with an error, {now.Seconds / (now.Ok + now.Failed):0.0} s each";
    }
}
