using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>The one setting error CliErrorTests does not reach: TLS to a server that does not speak it.</summary>
[Trait("Category", "Reliability")]
public sealed class TlsErrorTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _device = new("tls-lab");

    [Fact]
    public async Task Https_to_a_plain_http_server_is_a_one_line_tls_error()
    {
        var bucket = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };
        _device.UseS3(bucket with { Endpoint = bucket.Endpoint.Replace("http://", "https://", StringComparison.Ordinal) });

        var run = await _device.RunAsync("list");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("ferry:", StringComparison.Ordinal));
        Assert.Contains("TLS", error, StringComparison.Ordinal);
        Assert.Contains("http:// or https://", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _device.Dispose();
}
