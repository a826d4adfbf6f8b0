using Ferry.Errors;
using Ferry.Maintenance;
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

    [Theory]
    [InlineData("maintenance", "off", "once unused data is removed: automatic maintenance is off")]
    [InlineData("maintenance-threshold", "50", @"at the next maintenance, once unused data passes [0-9.]+ KiB \(now [0-9.]+ KiB\)")]
    public async Task A_delete_that_frees_space_later_says_prune_removes_it_now(string setting, string value, string when)
    {
        var newest = await TwoBackupsAsync();
        await _cli.RunAsync("config", "set", setting, value);

        var delete = await _cli.RunAsync("delete", newest);

        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Matches($@"\nthis frees [0-9.]+ KiB {when}; 'ferry prune' removes it now\n", delete.Stdout);
    }

    [Fact]
    public void Maintenance_that_found_damage_names_the_full_check()
    {
        var report = new MaintenanceReport(MaintenanceOutcome.Ran, "laptop", null, new CheckResult(1, 4, 4, 4096, [new CheckProblem("data/ab/abcd", "does not decrypt")]));

        Assert.Equal(Remedy.CheckRepositoryData, report.Remedy);
        Assert.DoesNotContain("ferry", report.Summary, StringComparison.Ordinal);
        Assert.Equal("maintenance ran; verifying 4 of 4 packs found 1 problems (first: data/ab/abcd does not decrypt); run 'ferry check --read-data'", report.Describe(CliRemedies.Words));
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>A backup, then one more with 16 KiB only it holds: deleting that one (its id returned) frees them.</summary>
    private async Task<string> TwoBackupsAsync()
    {
        var source = _cli.Sub("App");
        Directory.CreateDirectory(source);
        await File.WriteAllBytesAsync(Path.Combine(source, "base.bin"), RandomBytes(1 << 20, seed: 1));
        Assert.Equal(0, (await _cli.RunAsync("backup", source, "--no-maintenance")).ExitCode);
        await File.WriteAllBytesAsync(Path.Combine(source, "added.bin"), RandomBytes(16 << 10, seed: 2));
        var second = await _cli.RunAsync("backup", source, "--no-maintenance", "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        return System.Text.Json.JsonDocument.Parse(second.Stdout).RootElement.GetProperty("snapshot").GetProperty("short_id").GetString()!;
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
