using Ferry.Configuration;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

/// <summary>The page's schedule settings can be set without the page, for <c>ferry agent</c> on a server.</summary>
public sealed class ScheduleSettingsCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Config_set_saves_the_schedule_the_agent_reads()
    {
        var folder = Directory.CreateDirectory(_cli.Sub("App")).FullName;

        var results = new[]
        {
            await _cli.RunAsync("config", "set", "source-folder", folder + "/"),
            await _cli.RunAsync("config", "set", "auto-backup-minutes", "60"),
            await _cli.RunAsync("config", "set", "max-backups", "10"),
            await _cli.RunAsync("config", "set", "lite", "true"),
            await _cli.RunAsync("config", "set", "app", "Cherry-Studio"),
        };

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var saved = new ConfigFile(_cli.Environment["FERRY_CONFIG"]).Load();
        Assert.Equal(folder, saved.SourceFolder);
        Assert.Equal(60, saved.AutoBackupMinutes);
        Assert.Equal(10, saved.MaxBackups);
        Assert.True(saved.Lite);
        Assert.Equal("cherry-studio", saved.App);
    }

    [Theory]
    [InlineData("auto-backup-minutes", "7")]
    [InlineData("auto-backup-minutes", "-5")]
    [InlineData("max-backups", "4")]
    [InlineData("lite", "maybe")]
    [InlineData("app", "no-such-app")]
    public async Task Config_set_refuses_a_value_the_page_cannot_show(string key, string value)
    {
        var result = await _cli.RunAsync("config", "set", key, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(key.Split('-')[0], result.Stderr);
        Assert.False(File.Exists(_cli.Environment["FERRY_CONFIG"]));
    }

    public void Dispose() => _cli.Dispose();
}
