namespace Ferry.Apps;

/// <summary>
/// The check every restore into an app's folder goes through, from the command line or the page: an
/// app that is running would overwrite the restored data with what it holds in memory when it exits.
/// </summary>
public static class AppInUse
{
    /// <summary>
    /// The refusal for a restore into <paramref name="folder"/> when the app using it seems to be running
    /// (its lock files are held, its process runs), or null when nothing says so. The front end throws it,
    /// or, when the user chose to go ahead, shows it as a warning.
    /// </summary>
    /// <param name="folder">The restore's target, a full path.</param>
    /// <param name="configPath">The config file, beside which the user's own presets are kept.</param>
    /// <param name="environment">The variables that place the apps' data folders (HOME, APPDATA, …).</param>
    public static AppInUseException? Check(string folder, string configPath, IReadOnlyDictionary<string, string> environment)
    {
        var presets = AppPresets.Load(AppPresets.UserPresetFolder(configPath));
        var preset = AppPresets.Detect(presets, folder, environment);
        var reasons = RunningApp.Detect(folder, preset, presets);
        return reasons.Count == 0 ? null : new AppInUseException(preset?.DisplayName ?? "an app", folder, reasons);
    }
}
