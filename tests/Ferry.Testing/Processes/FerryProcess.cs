using System.Diagnostics;

namespace Ferry.Testing.Processes;

/// <summary>
/// Runs the real <c>ferry</c> executable as a separate process, as a user would, with an
/// environment built from scratch (nothing of the test runner's FERRY_* or AWS_* leaks in).
/// </summary>
public static class FerryProcess
{
    private static readonly string FerryDll = Path.Combine(AppContext.BaseDirectory, "ferry.dll");

    public static async Task<ProcessRun> RunAsync(IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args)
    {
        using var process = Start(environment, args);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts ferry without waiting, for tests that kill it part-way.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => StartWithin([], environment, args);

    /// <summary>
    /// Starts ferry under <paramref name="wrapper"/> (a command that runs the rest of its arguments,
    /// such as <c>unshare … sh -c …</c>), without waiting.
    /// </summary>
    public static Process StartWithin(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var part in wrapper.Skip(1).Concat(wrapper.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(part);
        }

        start.ArgumentList.Add(FerryDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        // FERRY_PLATFORM: the suite's portable pass reaches the executable too.
        foreach (var name in new[] { "PATH", "DOTNET_ROOT", "TMPDIR", "LANG", "FERRY_PLATFORM" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}

public sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
