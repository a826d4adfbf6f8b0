using Ferry.Apps;
using Ferry.Storage.S3;

namespace Ferry.Configuration;

/// <summary>
/// The one place the values of the settings are checked: the page's save lists every problem,
/// <c>ferry config set</c> refuses a change that brings one, and <see cref="StoreFactory"/> builds
/// no store from S3 settings that have one (through <see cref="S3Settings.Validate"/>, the same rules).
/// </summary>
public static class SettingsValidator
{
    /// <summary>
    /// Every problem of complete settings, in the order the checks run: what the page refuses to save.
    /// The S3 fields are checked when an endpoint or a bucket is given. App presets are looked up beside
    /// <paramref name="source"/>'s config file, app data folders in its environment.
    /// </summary>
    public static IReadOnlyList<SettingProblem> Check(SavedSettings settings, SettingsSource source) =>
        Problems(settings, source, complete: true);

    /// <summary>
    /// The problems <c>config set <paramref name="name"/></c> brings when it turns <paramref name="before"/>
    /// into <paramref name="after"/>: every problem of the setting given, and any other that
    /// <paramref name="before"/> had not. Settings are filled in one key at a time, so a setting not
    /// given yet is no problem (no endpoint yet, no folder for automatic backups yet); the value is
    /// checked alone and against the others already there (a bucket repeated in the endpoint, R2's region).
    /// </summary>
    public static IReadOnlyList<SettingProblem> CheckSet(SavedSettings before, string name, SavedSettings after, SettingsSource source)
    {
        var known = Problems(before, source, complete: false).ToHashSet();
        return [.. Problems(after, source, complete: false).Where(p => p.Setting == name || !known.Contains(p))];
    }

    /// <summary>Every problem of <paramref name="settings"/>; what <see cref="S3Settings.Validate"/> throws the first of.</summary>
    public static IReadOnlyList<SettingProblem> CheckS3(S3Settings settings) => S3Problems(settings, complete: true);

    /// <summary>The S3 settings <paramref name="saved"/> describes, mapped as the store factory maps them (<see cref="StoreFactory.S3SettingsOf"/>).</summary>
    public static S3Settings S3SettingsOf(SavedSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return StoreFactory.S3SettingsOf(saved.Endpoint, saved.Region, saved.Bucket, saved.AccessKeyId, saved.SecretAccessKey, saved.Root, saved.Addressing);
    }

    internal static string AddressingMessage(string value) => $"addressing must be auto, path or virtual, not '{value}'";

    internal static string ChoiceMessage(string name, string value, IReadOnlyList<int> choices) =>
        $"{name} must be one of {string.Join(", ", choices)}, not '{value}'";

    internal static string PercentMessage(string name, string value) => $"{name} must be a percentage from 1 to 50, not '{value}'";

    private static List<SettingProblem> Problems(SavedSettings settings, SettingsSource source, bool complete)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<SettingProblem>();
        if (settings.Addressing is not null && StoreFactory.ParseAddressing(settings.Addressing) is null)
        {
            problems.Add(new("addressing", AddressingMessage(settings.Addressing)));
        }

        Choice(problems, "auto-backup-minutes", settings.AutoBackupMinutes, ScheduleChoices.IntervalMinutes);
        Choice(problems, "max-backups", settings.MaxBackups, ScheduleChoices.MaxBackups);
        if (settings.MaintenanceThreshold is { } percent and not (>= 1 and <= 50))
        {
            problems.Add(new("maintenance-threshold", PercentMessage("maintenance-threshold", percent.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        problems.AddRange(FolderProblems(settings, complete));
        problems.AddRange(AppProblems(settings, source, complete));
        if (!complete || settings.Endpoint is not null || settings.Bucket is not null)
        {
            problems.AddRange(S3Problems(S3SettingsOf(settings), complete));
        }

        return problems;
    }

    private static void Choice(List<SettingProblem> problems, string name, int? value, IReadOnlyList<int> choices)
    {
        if (value is { } n && !choices.Contains(n))
        {
            problems.Add(new(name, ChoiceMessage(name, n.ToString(System.Globalization.CultureInfo.InvariantCulture), choices)));
        }
    }

    private static IEnumerable<SettingProblem> FolderProblems(SavedSettings settings, bool complete)
    {
        if (settings.SourceFolder is not { } folder)
        {
            // An app without a folder means the app's own data folder (AppProblems looks for it).
            if (complete && settings.AutoBackupMinutes > 0 && settings.App is null)
            {
                yield return new("source-folder", "Folder to back up is empty: choose an app or a folder before turning on automatic backups");
            }
        }
        else if (!Path.IsPathFullyQualified(folder))
        {
            yield return new("source-folder", $"Folder to back up '{folder}' is not a full path: give it from the root, e.g. /home/you/.config/App");
        }
        else if (!Directory.Exists(folder))
        {
            yield return new("source-folder", $"Folder to back up '{folder}' does not exist: check the path");
        }
    }

    /// <summary>
    /// The chosen app must be a preset here and, without a folder, have a data folder that exists, as
    /// the backup will need; the data folder only in complete settings (a folder may be set next).
    /// </summary>
    private static IEnumerable<SettingProblem> AppProblems(SavedSettings settings, SettingsSource source, bool complete)
    {
        if (settings.App is null)
        {
            return [];
        }

        try
        {
            var presets = AppPresets.Load(AppPresets.UserPresetFolder(source.File.Path));
            AppBackupPlan.Resolve(presets, settings.App, settings.SourceFolder is { } folder ? [folder] : [], settings.Lite ?? false, source.Environment);
            return [];
        }
        catch (AppSelectionException e) when (e.Problem == AppSelectionProblem.UnknownApp)
        {
            return [new("app", e.Message, e.Remedy)];
        }
        catch (AppSelectionException e) when (complete)
        {
            return [new("source-folder", e.Message)];
        }
        catch (AppSelectionException)
        {
            return [];
        }
    }

    private static List<SettingProblem> S3Problems(S3Settings settings, bool complete) =>
        [.. S3SettingsValidator.Problems(settings, requireAll: complete).Select(p => new SettingProblem(NameOf(p.Field), p.Message, p.Remedy))];

    private static string NameOf(S3Field field) => field switch
    {
        S3Field.Endpoint => "endpoint",
        S3Field.Region => "region",
        S3Field.Bucket => "bucket",
        S3Field.AccessKeyId => "access-key-id",
        S3Field.SecretAccessKey => "secret-access-key",
        _ => "root",
    };
}
