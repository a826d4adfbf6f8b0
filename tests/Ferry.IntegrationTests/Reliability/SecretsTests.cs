using System.Text;
using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Reliability;
using Ferry.Testing.Servers;
using Xunit.Abstractions;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// Every command, run with a distinctive secret key and password, on success and on failure: neither
/// may appear in any output, in any file Ferry writes on the device (config folder, temp folder,
/// restores, state files) other than the config file the user asked to keep them in, nor in any
/// stored object. s3rver accepts any signature, so any secret works there.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SecretsTests(S3rverFixture s3rver, ITestOutputHelper output) : IClassFixture<S3rverFixture>, IDisposable
{
    private const string Secret = "SECRETcanary-9f4e1b7d-aws-secret-key";
    private const string Password = "PASSWORDcanary-3c8a5e20-repository";
    private const string WrongPassword = "WRONGPWcanary-71b0d6aa";

    private readonly Device _device = new("secret-lab", Password);
    private readonly List<(string Command, ProcessRun Run)> _runs = [];

    private S3Settings Bucket { get; } = s3rver.Settings with { Root = S3ServerFixture.UniqueRoot(), SecretAccessKey = Secret, AccessKeyId = "S3RVER" };

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task No_command_shows_or_leaves_the_secret_key_or_the_password_anywhere()
    {
        _device.UseS3(Bucket);
        _device.Environment["TMPDIR"] = Directory.CreateDirectory(_device.Path("tmp")).FullName;
        var source = _device.Path("App");
        SampleTree.Write(source);

        await RunAsync("init");
        await RunAsync("backup", source, "--tag", "one");
        await File.WriteAllTextAsync(Path.Combine(source, "new.txt"), "changed");
        await RunAsync("backup", source, "--tag", "two");
        var ids = JsonDocument.Parse((await RunAsync("list", "--json")).Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        await RunAsync("list");
        await RunAsync("list", "--foreign");
        await RunAsync("ls", "latest");
        await RunAsync("diff", ids[1][..8], ids[0][..8]);
        await RunAsync("restore", "latest", "--to", _device.Path("restored"));
        await RunAsync("restore", ids[1][..8], "--to", _device.Path("restored"), "--replace");
        await RunAsync("check", "--read-data");
        await RunAsync("apps");
        await RunAsync("config", "show");
        await RunAsync("config", "test");
        await RunAsync("delete", ids[1][..8]);
        await RunAsync("forget", "--keep-last", "1");
        await RunAsync("prune");

        // Failures say what went wrong, never with the secret in it.
        await RunAsync(1, new Dictionary<string, string> { ["FERRY_PASSWORD"] = WrongPassword }, "list");
        await RunAsync(1, new Dictionary<string, string> { ["FERRY_S3_ENDPOINT"] = "http://127.0.0.1:9" }, "backup", source);
        await RunAsync(1, new Dictionary<string, string> { ["FERRY_S3_ENDPOINT"] = $"http://{Bucket.Bucket}.s3.us-east-1.amazonaws.com" }, "list");

        AssertNowhere(exceptConfigFile: false);

        // Kept on purpose in the config file, mode 0600, and nowhere else.
        await RunWithInputAsync(Secret + "\n", "config", "set", "secret-access-key", "-");
        await RunWithInputAsync(Password + "\n", "config", "set", "password", "-");
        _device.Environment.Remove("FERRY_S3_SECRET_ACCESS_KEY");
        _device.Environment.Remove("FERRY_PASSWORD");
        await RunAsync("config", "show");
        await RunAsync("config", "test");
        await RunAsync("backup", source);

        var config = _device.Environment["FERRY_CONFIG"];
        Assert.Contains(Secret, await File.ReadAllTextAsync(config), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        AssertNowhere(exceptConfigFile: true);
        await AssertNotInStoredObjectsAsync();
        output.WriteLine(ReliabilityRun.Report("secrets", new { commands = _runs.Count, files_searched = FilesWritten().Count() }));
    }

    private Task<ProcessRun> RunAsync(params string[] args) => RunAsync(0, [], args);

    private async Task<ProcessRun> RunAsync(int expected, Dictionary<string, string> overrides, params string[] args)
    {
        var environment = new Dictionary<string, string>(_device.Environment);
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        var run = await FerryProcess.RunAsync(environment, null, args);
        Assert.True(run.ExitCode == expected, $"{string.Join(' ', args)}: {run}");
        _runs.Add((string.Join(' ', args), run));
        return run;
    }

    private async Task RunWithInputAsync(string stdin, params string[] args)
    {
        var run = await _device.RunWithInputAsync(stdin, args);
        Assert.True(run.ExitCode == 0, run.ToString());
        _runs.Add((string.Join(' ', args), run));
    }

    /// <summary>No output of any run, and no file on the device Ferry could have written, holds a canary.</summary>
    private void AssertNowhere(bool exceptConfigFile)
    {
        foreach (var (command, run) in _runs)
        {
            foreach (var canary in new[] { Secret, Password, WrongPassword })
            {
                Assert.False((run.Stdout + run.Stderr).Contains(canary, StringComparison.Ordinal), $"'{command}' printed a secret: {run}");
            }
        }

        foreach (var file in FilesWritten().Where(f => !(exceptConfigFile && f == _device.Environment["FERRY_CONFIG"])))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var canary in new[] { Secret, Password, WrongPassword })
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(canary)) || Contains(bytes, Encoding.Unicode.GetBytes(canary)), $"{file} holds a secret");
            }
        }
    }

    /// <summary>Every file under the device's folder: home (config, state, caches), temp folder, restores.</summary>
    private IEnumerable<string> FilesWritten() =>
        Directory.EnumerateFiles(_device.Path(""), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => new FileInfo(f).LinkTarget is null);

    private async Task AssertNotInStoredObjectsAsync()
    {
        var store = s3rver.Open(Bucket);
        await foreach (var o in store.ListAsync("", CancellationToken.None))
        {
            var bytes = await store.GetAsync(o.Key, CancellationToken.None);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Secret)) || Contains(bytes, Encoding.UTF8.GetBytes(Password)), $"{o.Key} holds a secret");
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public void Dispose() => _device.Dispose();
}
