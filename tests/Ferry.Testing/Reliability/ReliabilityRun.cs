using System.Globalization;
using System.Text.Json;

namespace Ferry.Testing.Reliability;

/// <summary>
/// How hard the reliability tests push, from the environment: CI runs a handful of kills and fault
/// rounds; the long run documented in docs/RELIABILITY.md (tools/reliability/run.sh) sets the counts
/// high and collects every test's figures in one report file.
/// </summary>
public static class ReliabilityRun
{
    /// <summary>SIGKILLs per operation (FERRY_CRASH_KILLS; 2 in CI, 30 in the long run).</summary>
    public static int Kills => Number("FERRY_CRASH_KILLS", 2);

    /// <summary>Backup + restore rounds per fault rate (FERRY_FAULT_ROUNDS; 1 in CI).</summary>
    public static int FaultRounds => Number("FERRY_FAULT_ROUNDS", 1);

    /// <summary>Fault rates in percent (FERRY_FAULT_RATES, comma-separated; CI tries 20 only).</summary>
    public static IReadOnlyList<int> FaultRates =>
        (Environment.GetEnvironmentVariable("FERRY_FAULT_RATES") ?? "20").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();

    /// <summary>Seconds of fuzzing per decoder (FERRY_FUZZ_SECONDS; 1 in CI).</summary>
    public static int FuzzSeconds => Number("FERRY_FUZZ_SECONDS", 1);

    /// <summary>The random seed: a failure in the long run can be replayed exactly (FERRY_RELIABILITY_SEED).</summary>
    public static int Seed => Number("FERRY_RELIABILITY_SEED", 20261125);

    /// <summary>Appends one JSON line of figures to FERRY_RELIABILITY_REPORT, when set; always returns the line.</summary>
    public static string Report(string test, object figures)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, object> { ["test"] = test, ["figures"] = figures });
        if (Environment.GetEnvironmentVariable("FERRY_RELIABILITY_REPORT") is { Length: > 0 } path)
        {
            lock (typeof(ReliabilityRun))
            {
                File.AppendAllText(path, line + "\n");
            }
        }

        return line;
    }

    private static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
