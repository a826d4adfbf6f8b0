using Ferry.Cli;
using Spectre.Console.Testing;

namespace Ferry.Testing.Cli;

/// <summary>Runs the ferry command tree in-process with captured consoles and a controlled environment.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly TempFolder _temp = new();

    public CliHarness()
    {
        Environment["FERRY_CONFIG"] = _temp.Sub("config/config.json");
        Environment["FERRY_REPOSITORY"] = _temp.Sub("repository");
        Environment["FERRY_PASSWORD"] = "test password";
        Environment["FERRY_CACHE_DIR"] = _temp.Sub("cache");
    }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Sub(string name) => _temp.Sub(name);

    public string Stdin { get; set; } = "";

    public async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new TestConsole().Width(4096);
        var data = new StringWriter();
        var error = new TestConsole().Width(4096);
        var services = new CliServices
        {
            Out = output,
            Err = error,
            In = new StringReader(Stdin),
            Data = data,
            Time = TimeProvider.System,
            Environment = Environment,
        };
        var code = await FerryCommandLine.RunAsync(args, services, CancellationToken.None);
        return new CliRun(code, output.Output + data, error.Output);
    }

    public void Dispose() => _temp.Dispose();
}

public sealed record CliRun(int ExitCode, string Stdout, string Stderr);
