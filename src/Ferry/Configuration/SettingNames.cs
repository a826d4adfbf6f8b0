using Ferry.Errors;

namespace Ferry.Configuration;

/// <summary>The names <c>ferry config set</c> accepts and how each is stored and checked.</summary>
public static class SettingNames
{
    /// <summary>The keys <c>ferry config set</c> accepts.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["repository", "endpoint", "region", "bucket", "access-key-id", "secret-access-key", "root", "addressing", "password", "password-file", "host",
         "source-folder", "app", "auto-backup-minutes", "max-backups", "lite",
         "maintenance", "maintenance-threshold"];

    /// <summary>True for the keys whose values are never shown and are read from standard input.</summary>
    public static bool IsSecret(string name) => name is "secret-access-key" or "password";

    /// <summary>
    /// Returns <paramref name="saved"/> with <paramref name="name"/> set (an empty value clears it). Only
    /// the text is turned into the stored value here (a number, a full path, the preset's own name);
    /// <see cref="SettingsValidator.CheckSet"/> says whether the value may be kept.
    /// <paramref name="userPresetFolder"/> holds the user's app presets, which <c>app</c> may name.
    /// </summary>
    public static SavedSettings With(SavedSettings saved, string name, string value, string? userPresetFolder = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var v = string.IsNullOrEmpty(value) ? null : value;
        return name switch
        {
            "repository" => saved with { Repository = v is null ? null : Path.GetFullPath(v) },
            "endpoint" => saved with { Endpoint = v },
            "region" => saved with { Region = v },
            "bucket" => saved with { Bucket = v },
            "access-key-id" => saved with { AccessKeyId = v },
            "secret-access-key" => saved with { SecretAccessKey = v },
            "root" => saved with { Root = v },
            "addressing" => saved with { Addressing = v },
            "password" => saved with { Password = v },
            "password-file" => saved with { PasswordFile = v is null ? null : Path.GetFullPath(v) },
            "host" => saved with { Host = v },
            "source-folder" => saved with { SourceFolder = v is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(v)) },
            "app" => saved with { App = v is null ? null : Apps.AppPresets.Find(v, userPresetFolder)?.Name ?? v },
            "auto-backup-minutes" => saved with { AutoBackupMinutes = Choice(name, v, ScheduleChoices.IntervalMinutes) },
            "max-backups" => saved with { MaxBackups = Choice(name, v, ScheduleChoices.MaxBackups) },
            "lite" => saved with { Lite = v is null ? null : bool.TryParse(v, out var lite) ? lite : throw new FerryException($"lite must be true or false, not '{value}'") },
            "maintenance" => saved with { Maintenance = v is null ? null : v is "on" or "true" ? true : v is "off" or "false" ? false : throw new FerryException($"maintenance must be on or off, not '{value}'") },
            "maintenance-threshold" => saved with { MaintenanceThreshold = v is null ? null : Percent(name, v) },
            _ => throw new FerryException($"unknown setting '{name}': use one of {string.Join(", ", All)}"),
        };
    }

    private static int Percent(string name, string value) =>
        int.TryParse(value.TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : throw new FerryException(SettingsValidator.PercentMessage(name, value));

    /// <summary>A whole number; the validator holds it to the page's choices, so the page can always show what the file says.</summary>
    private static int? Choice(string name, string? value, IReadOnlyList<int> choices) =>
        value is null ? null
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : throw new FerryException(SettingsValidator.ChoiceMessage(name, value, choices));
}
