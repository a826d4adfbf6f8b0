
namespace Ferry.Testing.Processes;

/// <summary>Realistic app-data folders from scripts/gen_appdata.py (LevelDB tables, attachments, notes, caches).</summary>
public static class AppData
{

    public static void Generate(string folder, int megabytes, int seed = 1) =>
        Run(folder, "--mb", megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Changes about 1% of the folder in place, as a day of use would.</summary>
    public static void Mutate(string folder, int seed = 2) =>
        Run(folder, "--mutate", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Run(string folder, params string[] args) =>
        Support.Shell.Run("python3", null, [Path.Combine(SourceTree.Root, "scripts", "gen_appdata.py"), folder, .. args]);
}
