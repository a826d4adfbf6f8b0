using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>The config and key files: lost, left half-made, altered or swapped, none of it may cost the data or lock its owner out.</summary>
[Trait("Category", "Reliability")]
public sealed class RepositoryKeysTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string Repository => _cli.Environment["FERRY_REPOSITORY"];

    [Fact]
    public async Task A_lost_config_is_reported_and_no_new_repository_is_made_over_the_data()
    {
        var source = await BackUpAsync();
        File.Delete(Path.Combine(Repository, "config"));
        var keys = KeyFiles();

        var backup = await _cli.RunAsync("backup", source);
        var init = await _cli.RunAsync("init");

        foreach (var run in new[] { backup, init })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("config object is missing", run.Stderr);
        }

        Assert.Equal(keys, KeyFiles());
        Assert.False(File.Exists(Path.Combine(Repository, "config")));
    }

    [Fact]
    public async Task Keys_left_by_interrupted_inits_do_not_stop_the_next_init_from_working()
    {
        // Inits killed after writing their key file and before their config; enough of them that the
        // real key is rarely the first one listed.
        for (var i = 0; i < 8; i++)
        {
            using var interrupted = new CliHarness();
            Assert.Equal(0, (await interrupted.RunAsync("init")).ExitCode);
            var key = Directory.GetFiles(Path.Combine(interrupted.Environment["FERRY_REPOSITORY"], "keys")).Single();
            Directory.CreateDirectory(Path.Combine(Repository, "keys"));
            File.Copy(key, Path.Combine(Repository, "keys", Path.GetFileName(key)));
        }

        var source = await BackUpAsync();
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.True(restore.ExitCode == 0, restore.Stderr);
        TreeAssert.Identical(source, _cli.Sub("restored"));
    }

    [Fact]
    public async Task A_key_file_altered_around_its_key_is_reported_by_check_and_still_opens()
    {
        var source = await BackUpAsync();
        var key = KeyFiles().Single();
        File.WriteAllText(key, File.ReadAllText(key).Replace("\"host\":\"", "\"host\":\"x", StringComparison.Ordinal));

        var check = await _cli.RunAsync("check");
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"damaged keys/{Path.GetFileName(key)}: does not match its name", check.Stderr);
        Assert.Equal(0, restore.ExitCode);
        TreeAssert.Identical(source, _cli.Sub("restored"));
    }

    [Fact]
    public async Task A_key_file_swapped_for_another_repositorys_is_named()
    {
        await BackUpAsync();
        var key = KeyFiles().Single();
        using var other = new CliHarness();
        Assert.Equal(0, (await other.RunAsync("init")).ExitCode);
        File.Copy(Directory.GetFiles(Path.Combine(other.Environment["FERRY_REPOSITORY"], "keys")).Single(), key, overwrite: true);

        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"keys/{Path.GetFileName(key)} does not match its name", restore.Stderr);
    }

    private async Task<string> BackUpAsync()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        var backup = await _cli.RunAsync("backup", source);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        return source;
    }

    private List<string> KeyFiles() => [.. Directory.GetFiles(Path.Combine(Repository, "keys")).Order(StringComparer.Ordinal)];

    public void Dispose() => _cli.Dispose();
}
