using Spectre.Console;

namespace Ferry.Cli;

/// <summary>
/// Everything a command touches outside itself, injected so commands run in tests without a
/// terminal: the two output streams, standard input, the clock and the environment.
/// </summary>
internal sealed class CliServices
{
    /// <summary>Results (tables, JSON): standard output.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Progress, notices and errors: standard error, so results stay clean for scripts.</summary>
    public required IAnsiConsole Err { get; init; }

    public required TextReader In { get; init; }

    /// <summary>
    /// Standard output for bulk data (ls): written line by line, not through the console renderer,
    /// so a listing of 100,000 files streams instead of being laid out in memory.
    /// </summary>
    public required TextWriter Data { get; init; }

    /// <summary>True when standard input is a terminal a person can type a password into.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>True when standard error is a terminal that can show a live progress bar.</summary>
    public bool ErrorIsTerminal { get; init; }

    public required TimeProvider Time { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public static CliServices FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new CliServices
        {
            Out = Console(System.Console.Out, System.Console.IsOutputRedirected),
            Err = Console(System.Console.Error, System.Console.IsErrorRedirected),
            In = System.Console.In,
            Data = System.Console.Out,
            InputIsTerminal = !System.Console.IsInputRedirected,
            ErrorIsTerminal = !System.Console.IsErrorRedirected,
            Time = TimeProvider.System,
            Environment = environment,
        };
    }

    /// <summary>Output to a file or pipe is not wrapped at 80 columns: scripts read whole lines.</summary>
    private static IAnsiConsole Console(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }
}
