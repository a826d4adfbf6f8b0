using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

/// <summary>The engine names the next step; the CLI words it as the commands, options and variables a terminal user has.</summary>
public sealed class RemedyWordingCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task A_bucket_without_an_endpoint_names_the_setting_and_the_variable_that_give_one()
    {
        _cli.Environment.Remove("FERRY_REPOSITORY");
        _cli.Environment["FERRY_S3_BUCKET"] = "backups";
        const string Expected = "Endpoint is empty: set it to the provider's S3 URL, e.g. https://s3.us-west-1.amazonaws.com; run 'ferry config set endpoint https://...' or set FERRY_S3_ENDPOINT (see README for AWS, R2, OSS, COS and MinIO values)";

        var list = await _cli.RunAsync("list");
        var test = await _cli.RunAsync("config", "test");

        Assert.Equal(1, list.ExitCode);
        Assert.Equal($"ferry: {Expected}", list.Stderr.Trim());
        Assert.Equal(1, test.ExitCode);
        Assert.Contains($"✗ settings: {Expected}", test.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
