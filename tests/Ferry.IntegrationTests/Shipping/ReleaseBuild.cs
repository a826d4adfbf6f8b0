using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Shipping;

/// <summary>
/// What scripts/release.sh builds: the local NuGet feed (the tool packages and Ferry.Engine), the
/// archives and SHA256SUMS. CI builds every platform first and names the folder in
/// FERRY_TEST_RELEASE_DIR (relative to the repository root); without it the fixture runs the script for this machine's platform (and
/// "any"), a few minutes once per test run.
/// </summary>
public sealed partial class ReleaseBuild : IAsyncLifetime
{
    public string Folder { get; private set; } = "";

    public string Feed => Path.Combine(Folder, "feed");

    public string Version { get; private set; } = "";


    public static string HostRid => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    public async Task InitializeAsync()
    {
        Folder = Environment.GetEnvironmentVariable("FERRY_TEST_RELEASE_DIR") is { Length: > 0 } given
            ? Path.GetFullPath(given, SourceTree.Root)
            : await BuildAsync();
        var pointer = Directory.EnumerateFiles(Feed, "ferry.*.nupkg").Select(Path.GetFileName).Select(n => PointerPackage().Match(n!)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"no ferry.VERSION.nupkg in {Feed}: run scripts/release.sh");
        Version = pointer.Groups[1].Value;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs a program to its end and returns what it printed; never throws on a non-zero exit. An
    /// isolated run sees only PATH, DOTNET_ROOT, TMPDIR, LANG and ENVIRONMENT, as a device of its own.
    /// </summary>
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool isolated = false)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = SourceTree.Root,
        };
        if (isolated)
        {
            start.Environment.Clear();
            foreach (var name in new[] { "PATH", "DOTNET_ROOT", "TMPDIR", "LANG" })
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    start.Environment[name] = value;
                }
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> BuildAsync()
    {
        var folder = Path.Combine(SourceTree.Root, ".artifacts", "test-release");
        Console.Error.WriteLine($"FERRY_TEST_RELEASE_DIR is not set: building {HostRid} and 'any' with scripts/release.sh into {folder}");
        var run = await RunAsync(Path.Combine(SourceTree.Root, "scripts", "release.sh"), ["--rids", $"{HostRid},any", "--out", folder]);
        return run.ExitCode == 0 ? folder : throw new InvalidOperationException($"scripts/release.sh failed: {run}");
    }

    [GeneratedRegex(@"^ferry\.(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PointerPackage();
}

[CollectionDefinition(Name)]
public sealed class ReleaseArtifacts : ICollectionFixture<ReleaseBuild>, ICollectionFixture<CephFixture>
{
    public const string Name = "release";
}
