using Ferry.Errors;
namespace Ferry.Apps;

/// <summary>
/// What a backup of an app's data covers: the preset whose rules apply (none for a folder no preset
/// knows), the folders, and the exclude patterns. One decision for <c>ferry backup --app/--lite</c>,
/// the page's "Backup now" and automatic backups, so all three skip the same files.
/// </summary>
public sealed record AppBackupPlan(AppPreset? Preset, IReadOnlyList<string> Folders, IReadOnlyList<string> Excludes)
{
    /// <summary>The preset whose rules apply to a folder no other preset knows, when lightweight backup is on.</summary>
    public const string GenericPreset = "electron";

    /// <summary>
    /// The plan for the app named <paramref name="app"/> (any case), or, when none is named, for the
    /// preset <paramref name="folders"/>[0] belongs to (<see cref="AppPresets.Detect(IReadOnlyList{AppPreset}, string, IReadOnlyDictionary{string, string})"/>),
    /// else, with <paramref name="lite"/>, the generic Electron one. The preset's excludes always apply,
    /// its lite excludes with <paramref name="lite"/>. Without <paramref name="folders"/> the app's own
    /// data folder on this computer is backed up.
    /// </summary>
    /// <exception cref="AppSelectionException">The app is unknown, or names no data folder that exists here.</exception>
    public static AppBackupPlan Resolve(IReadOnlyList<AppPreset> presets, string? app, IReadOnlyList<string> folders, bool lite, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(presets);
        ArgumentNullException.ThrowIfNull(folders);
        if (app is null && folders.Count == 0)
        {
            throw new ArgumentException("name an app or at least one folder", nameof(folders));
        }

        var preset = app is not null ? Find(presets, app) : AppPresets.Detect(presets, folders[0], environment);
        if (preset is null && lite)
        {
            preset = presets.FirstOrDefault(p => p.Name == GenericPreset);
        }

        if (preset is null)
        {
            return new AppBackupPlan(null, folders, []);
        }

        var chosen = folders.Count > 0 ? folders : [DataFolder(preset, environment)];
        return new AppBackupPlan(preset, chosen, preset.ExcludePatterns(chosen, lite));
    }

    private static AppPreset Find(IReadOnlyList<AppPreset> presets, string app) =>
        presets.FirstOrDefault(p => string.Equals(p.Name, app, StringComparison.OrdinalIgnoreCase))
        ?? throw new AppSelectionException(AppSelectionProblem.UnknownApp, $"no app preset named '{app}'") { Remedy = Remedy.ListApps };

    private static string DataFolder(AppPreset preset, IReadOnlyDictionary<string, string> environment)
    {
        var folder = AppPresets.ResolveDataFolder(preset, environment)
            ?? throw new AppSelectionException(AppSelectionProblem.NoDataFolder, $"the '{preset.Name}' preset names no data folder on this OS: name the folder to back up");
        return Directory.Exists(folder) ? folder
            : throw new AppSelectionException(AppSelectionProblem.DataFolderMissing, $"{preset.DisplayName}'s data folder {folder} does not exist: is the app installed and started once? If it keeps its data elsewhere, name that folder");
    }
}
