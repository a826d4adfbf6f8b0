using System.Diagnostics;

namespace Ferry.Testing.Support;

/// <summary>Runs a helper program (python3, mount) and fails the test with its error output when it fails.</summary>
public static class Shell
{
    public static void Run(string command, string? hint, params string[] args) => Output(command, hint, args);

    /// <summary>Runs the program and returns what it printed.</summary>
    public static string Output(string command, string? hint, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"'{command} {string.Join(' ', args)}' failed ({error.Trim()}){(hint is null ? "" : ": " + hint)}");
    }
}
