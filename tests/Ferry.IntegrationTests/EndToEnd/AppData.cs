using System.Diagnostics;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>Realistic app-data folders from scripts/gen_appdata.py (LevelDB tables, attachments, notes, caches).</summary>
public static class AppData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static void Generate(string folder, int megabytes, int seed = 1) =>
        Run(folder, "--mb", megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Changes about 1% of the folder in place, as a day of use would.</summary>
    public static void Mutate(string folder, int seed = 2) =>
        Run(folder, "--mutate", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Run(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "gen_appdata.py"));
        start.ArgumentList.Add(folder);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gen_appdata.py failed: {error}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ferry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Ferry.slnx) above the test binaries");
    }
}
