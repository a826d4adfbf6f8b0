using System.Diagnostics;
using Ferry.Testing;
using Ferry.Testing.Processes;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>
/// The Windows build of ferry (<c>dotnet publish -r win-x64 --self-contained</c>) run under Wine: built
/// once and kept in <c>.artifacts/win-x64</c> until the sources change, in a Wine prefix made once by
/// <c>wineboot</c> (<c>.artifacts/wine-prefix</c>) with one <c>wineserver</c> kept up for the run.
/// In CI (<c>FERRY_TEST_REQUIRE_WINE=1</c>, set by .ci/run) a missing Wine fails every test that needs
/// it; on a developer's machine without Wine they are skipped, and say so.
/// </summary>
public sealed class WindowsBuild : IAsyncLifetime
{
    public const string RequireVariable = "FERRY_TEST_REQUIRE_WINE";

    private static readonly string Root = SourceTree.Root;
    private static readonly string Artifacts = Path.Combine(Root, ".artifacts");
    private static readonly string Published = Path.Combine(Artifacts, "win-x64");
    private static readonly string Stamp = Path.Combine(Published, ".built");

    /// <summary>Why the tests cannot run here (no Wine); null when they can.</summary>
    public string? Missing { get; private set; }

    public string Prefix { get; } = Path.Combine(Artifacts, "wine-prefix");

    /// <summary>The Windows user's roaming application data (<c>%APPDATA%</c>), as a Linux path into the prefix.</summary>
    public string AppData => Path.Combine(Directory.GetDirectories(Path.Combine(Prefix, "drive_c", "users")).Single(d => Path.GetFileName(d) != "Public"), "AppData", "Roaming");

    public async Task InitializeAsync()
    {
        if (FindOnPath("wine") is null || FindOnPath("wineserver") is null)
        {
            Missing = "Wine is not installed (apt-get install wine), so the Windows build cannot be tested here";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                throw new InvalidOperationException($"{Missing}; {RequireVariable}=1 requires it (.ci/run installs it)");
            }

            await Console.Error.WriteLineAsync($"[windows build] SKIPPING the Windows-build tests: {Missing}");
            return;
        }

        var watch = Stopwatch.StartNew();
        if (IsStale())
        {
            // The shipped build as it is (self-contained, ReadyToRun, trimmed) but as loose files: Wine 8
            // cannot load System.Private.CoreLib out of a single-file bundle (E_INVALIDARG), which
            // Windows itself does. The code that runs is the same.
            await RunAsync("dotnet", new Dictionary<string, string>(), "publish", Path.Combine(Root, "src", "Ferry.Cli", "Ferry.Cli.csproj"), "-c", "Release", "-r", "win-x64", "--self-contained",
                "-p:PublishAot=false", "-p:PublishSingleFile=false", "--artifacts-path", Path.Combine(Artifacts, "win-x64-build"), "-o", Published, "-nologo", "-v", "quiet");
            await File.WriteAllTextAsync(Stamp, "win-x64");
        }

        var built = watch.Elapsed;

        // One server for the whole run, and Wine's services (started by wineboot, made once per prefix
        // by --init) with it: each wine call would otherwise start its own, seconds each. They live in
        // the background until DisposeAsync, so their output goes nowhere: a pipe of ours they held
        // would never end. A server already running for the prefix (wineserver refuses) serves as well.
        Directory.CreateDirectory(Prefix);
        var init = File.Exists(Path.Combine(Prefix, "system.reg")) ? "" : "--init";
        await RunAsync("sh", WineEnvironment(), "-c", $"exec </dev/null >/dev/null 2>&1; wineserver --persistent; wineboot {init}");

        await Console.Error.WriteLineAsync($"[windows build] ready: build {built.TotalSeconds:F0} s, Wine prefix {(watch.Elapsed - built).TotalSeconds:F0} s");
    }

    public async Task DisposeAsync()
    {
        if (Missing is null)
        {
            await RunAsync("sh", WineEnvironment(), "-c", "exec >/dev/null 2>&1; wineserver --kill; true");
        }
    }

    /// <summary>Skips the calling test, with the reason, when Wine is missing on this (non-CI) machine.</summary>
    public void RequireWine() => Skip.If(Missing is not null, Missing);

    /// <summary>Runs the Windows ferry.exe with exactly <paramref name="environment"/> besides what Wine needs.</summary>
    public Task<ProcessRun> FerryAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        WineAsync(environment, [Path.Combine(Published, "ferry.exe"), .. args]);

    /// <summary>Runs a Windows program (ferry.exe, cmd) under Wine; output is captured as UTF-8 bytes decoded.</summary>
    public async Task<ProcessRun> WineAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = StartWine(environment, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessRun(process.ExitCode, await stdout.WaitAsync(timeout.Token), await stderr.WaitAsync(timeout.Token));
    }

    /// <summary>Starts a Windows program without waiting (a process that holds a file while a test runs).</summary>
    public Process StartWine(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("wine")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        foreach (var (name, value) in WineEnvironment().Concat(environment))
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>A Linux path as the Windows build sees it: Wine maps drive Z: to /.</summary>
    public static string WindowsPath(string linuxPath) => "Z:" + Path.GetFullPath(linuxPath).Replace('/', '\\');

    private Dictionary<string, string> WineEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WINEPREFIX"] = Prefix,
            ["WINEDEBUG"] = "-all",
            // No Gecko install prompt in a prefix that never shows HTML. (Not mscoree: Wine loads
            // IL-only assemblies such as System.Runtime.dll through it, and .NET fails without it.)
            ["WINEDLLOVERRIDES"] = "mshtml=",
            // Wine's JIT support needs it: without it S3 backups crash inside the runtime.
            ["DOTNET_EnableWriteXorExecute"] = "0",
        };
        foreach (var name in new[] { "PATH", "HOME", "USER", "LANG", "TMPDIR", "FERRY_PLATFORM" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private static bool IsStale()
    {
        if (!File.Exists(Stamp))
        {
            return true;
        }

        var built = File.GetLastWriteTimeUtc(Stamp);
        string[] kinds = [".cs", ".csproj", ".props", ".json", ".html", ".js", ".css"];
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && kinds.Contains(Path.GetExtension(f)))
            .Concat([Path.Combine(Root, "Directory.Build.props"), Path.Combine(Root, "Directory.Packages.props")]);
        return sources.Any(f => File.GetLastWriteTimeUtc(f) > built);
    }

    private static async Task RunAsync(string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' failed with exit {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>The tests of the Windows build share one build and one Wine prefix, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class UnderWine : ICollectionFixture<WindowsBuild>
{
    public const string Name = "Windows build under Wine";
}
