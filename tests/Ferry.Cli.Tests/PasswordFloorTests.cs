using System.Security.Cryptography;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Storage.Local;
using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Cli.Tests;

/// <summary>A new repository needs a password that holds up to offline guessing; an existing one opens with the password it has.</summary>
public sealed class PasswordFloorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string Repository => _cli.Environment["FERRY_REPOSITORY"];

    [Theory]
    [InlineData("init")]
    [InlineData("backup")]
    public async Task A_new_repository_with_a_weak_password_is_refused_and_nothing_is_written(string command)
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        foreach (var weak in new[] { "hunter2", "aaaaaaaaaaaaaaaa", "121212121212" })
        {
            _cli.Environment["FERRY_PASSWORD"] = weak;

            var run = await _cli.RunAsync(command == "init" ? ["init"] : ["backup", source]);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("a new repository needs at least", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(weak, run.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Repository) && Directory.EnumerateFileSystemEntries(Repository).Any(), "something was written");
        }
    }

    [Fact]
    public async Task A_repository_an_older_version_made_with_a_weak_password_still_opens()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        // What an older Ferry, which took any password, would have stored: a key file for "hunter2".
        var store = new LocalObjectStore(Repository);
        var repository = await FerryRepository.OpenAsync(store, "test password", TimeProvider.System, CancellationToken.None);
        var weak = KeyFile.Wrap(repository.Key, "hunter2", PasswordKdf.CreateDefault(), DateTimeOffset.UnixEpoch, "old").ToJson();
        foreach (var key in Directory.GetFiles(Path.Combine(Repository, "keys")))
        {
            File.Delete(key);
        }

        await store.PutAsync("keys/" + Convert.ToHexStringLower(SHA256.HashData(weak)), weak, CancellationToken.None);
        _cli.Environment["FERRY_PASSWORD"] = "hunter2";

        var backup = await _cli.RunAsync("backup", source);

        Assert.True(backup.ExitCode == 0, backup.Stderr);
    }

    public void Dispose() => _cli.Dispose();
}
