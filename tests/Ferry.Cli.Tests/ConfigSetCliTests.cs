using Ferry.Configuration;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

/// <summary>
/// <c>ferry config set</c> checks a value with the same validator as the page and the store factory:
/// a bad one is refused with the page's one-line message, exit 1, and the file is left as it was;
/// settings not given yet are no reason to refuse one that is.
/// </summary>
public sealed class ConfigSetCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string ConfigPath => _cli.Environment["FERRY_CONFIG"];

    [Theory]
    [InlineData("endpoint", "s3.us-west-1.amazonaws.com", "Endpoint 's3.us-west-1.amazonaws.com' has no scheme: add https:// (https://s3.us-west-1.amazonaws.com)")]
    [InlineData("endpoint", "https://s3.amazonaws.com?x=1", "Endpoint 'https://s3.amazonaws.com?x=1' has a query or fragment: use the form https://host[:port]")]
    [InlineData("bucket", "my bucket", "Bucket 'my bucket' contains spaces: bucket names have none; check for a stray space")]
    [InlineData("bucket", "my-bucket/laptop", "Bucket 'my-bucket/laptop' contains '/': put only the bucket name there and the folder part in Root Path")]
    [InlineData("root", "a/../b", "Root Path 'a/../b' has an empty, '.' or '..' part: use plain folder names such as backups/laptop")]
    [InlineData("addressing", "sideways", "addressing must be auto, path or virtual, not 'sideways'")]
    [InlineData("auto-backup-minutes", "7", "auto-backup-minutes must be one of 0, 1, 5, 15, 30, 60, 120, 360, 720, 1440, not '7'")]
    [InlineData("app", "no-such-app", "no app preset named 'no-such-app'; 'ferry apps' lists them")]
    public async Task A_bad_value_is_refused_with_the_validators_message_and_nothing_is_saved(string key, string value, string message)
    {
        var result = await _cli.RunAsync("config", "set", key, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("ferry:", StringComparison.Ordinal));
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_is_refused_as_the_page_refuses_it()
    {
        var missing = _cli.Sub("no-such-folder");

        var result = await _cli.RunAsync("config", "set", "source-folder", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Folder to back up '{missing}' does not exist: check the path", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Settings_are_filled_in_one_key_at_a_time_without_complaints_about_the_others()
    {
        // A bucket before any endpoint or keys, automatic backups before any folder: each is fine alone.
        foreach (var (key, value) in new[] { ("bucket", "my-backups"), ("auto-backup-minutes", "60"), ("region", "us-west-1"), ("endpoint", "https://s3.us-west-1.amazonaws.com") })
        {
            var result = await _cli.RunAsync("config", "set", key, value);
            Assert.True(result.ExitCode == 0, result.Stderr);
        }

        var saved = new ConfigFile(ConfigPath).Load();
        Assert.Equal(("my-backups", 60, "https://s3.us-west-1.amazonaws.com"), (saved.Bucket, saved.AutoBackupMinutes, saved.Endpoint));
    }

    [Fact]
    public async Task A_value_that_clashes_with_one_already_saved_is_refused_and_the_saved_one_kept()
    {
        Assert.Equal(0, (await _cli.RunAsync("config", "set", "endpoint", "https://my-backups.s3.us-west-1.amazonaws.com")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("config", "set", "region", "us-west-1")).ExitCode);

        var bucket = await _cli.RunAsync("config", "set", "bucket", "my-backups");
        var r2 = await _cli.RunAsync("config", "set", "endpoint", "https://0123abc.r2.cloudflarestorage.com");

        Assert.Equal(1, bucket.ExitCode);
        Assert.Contains("Endpoint https://my-backups.s3.us-west-1.amazonaws.com repeats the bucket name 'my-backups': set Endpoint to https://s3.us-west-1.amazonaws.com", bucket.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, r2.ExitCode);
        Assert.Contains("Cloudflare R2 signs with region 'auto', not 'us-west-1': set Region to auto", r2.Stderr, StringComparison.Ordinal);
        var saved = new ConfigFile(ConfigPath).Load();
        Assert.Equal(("https://my-backups.s3.us-west-1.amazonaws.com", null), (saved.Endpoint, saved.Bucket));
    }

    public void Dispose() => _cli.Dispose();
}
