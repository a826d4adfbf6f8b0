using Ferry.Apps;
using Ferry.Configuration;
using Ferry.Errors;

namespace Ferry.Scheduling;

/// <summary>What automatic backups do, as the config file says (README, "Automatic backups without the page").</summary>
public sealed record AutoBackupPlan
{
    /// <summary>Minutes between automatic backups; 0 turns them off.</summary>
    public int IntervalMinutes { get; init; }

    /// <summary>How many of this device's backups of the folder to keep after each backup; 0 keeps all.</summary>
    public int MaxBackups { get; init; }

    /// <summary>Also skip the app's bulky user files.</summary>
    public bool Lite { get; init; }

    /// <summary>The folder to back up (the app's data folder when empty).</summary>
    public string? SourceFolder { get; init; }

    /// <summary>The app preset chosen in the page (or with <c>ferry config set app</c>); null when none is.</summary>
    public string? App { get; init; }

    /// <summary>True when there is an interval and something to back up: a folder, or an app whose data folder is meant.</summary>
    public bool Enabled => IntervalMinutes > 0 && (!string.IsNullOrEmpty(SourceFolder) || !string.IsNullOrEmpty(App));

    /// <summary><see cref="IntervalMinutes"/> as a time span.</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    /// <summary>
    /// The folders this plan backs up and what they skip: what <c>ferry backup [--app APP] [FOLDER] [--lite]</c>
    /// chooses, except that a folder an app preset knows follows its rules even without lightweight backup
    /// (the page backs up an app's data, never a plain folder).
    /// </summary>
    public AppBackupPlan ResolveBackup(SettingsSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrEmpty(SourceFolder) && string.IsNullOrEmpty(App))
        {
            throw new FerryException("no folder to back up") { Remedy = Remedy.ChooseSource };
        }

        var presets = AppPresets.Load(AppPresets.UserPresetFolder(source.File.Path));
        return AppBackupPlan.Resolve(presets, App, string.IsNullOrEmpty(SourceFolder) ? [] : [SourceFolder], Lite, source.Environment);
    }

    /// <summary>The plan the saved settings describe.</summary>
    public static AutoBackupPlan From(SavedSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new AutoBackupPlan
        {
            IntervalMinutes = Math.Max(0, saved.AutoBackupMinutes ?? 0),
            MaxBackups = Math.Max(0, saved.MaxBackups ?? 0),
            Lite = saved.Lite ?? false,
            SourceFolder = saved.SourceFolder,
            App = saved.App,
        };
    }
}
