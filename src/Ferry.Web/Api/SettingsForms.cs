using Ferry.Apps;
using Ferry.Configuration;
using Ferry.Scheduling;
using Ferry.Storage;
using Ferry.Storage.S3;

namespace Ferry.Web.Api;

/// <summary>
/// Turns the page's form into saved settings and checks it before anything is saved or sent: the
/// engine's own S3 checks (bucket inside the endpoint, missing scheme, R2 without region auto), the
/// allowed choices, a folder to back up that exists, and an app preset this computer knows.
/// </summary>
internal static class SettingsForms
{
    /// <summary>The saved settings with the form applied; empty secrets keep the saved ones.</summary>
    public static SavedSettings Apply(SavedSettings saved, SettingsForm form) => saved with
    {
        Endpoint = Clean(form.Endpoint),
        Region = Clean(form.Region),
        Bucket = Clean(form.Bucket),
        AccessKeyId = Clean(form.AccessKeyId),
        SecretAccessKey = Clean(form.SecretAccessKey) ?? saved.SecretAccessKey,
        Root = Clean(form.Root),
        Addressing = Clean(form.Addressing) is null or "auto" ? null : Clean(form.Addressing),
        // A password is used exactly as typed: spaces may be part of it.
        Password = string.IsNullOrEmpty(form.Password) ? saved.Password : form.Password,
        Host = Clean(form.Host),
        SourceFolder = Clean(form.SourceFolder) is { } folder && Path.IsPathFullyQualified(folder) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) : Clean(form.SourceFolder),
        App = Clean(form.App),
        AutoBackupMinutes = form.AutoBackupMinutes ?? saved.AutoBackupMinutes,
        MaxBackups = form.MaxBackups ?? saved.MaxBackups,
        Lite = form.Lite ?? saved.Lite,
    };

    /// <summary>
    /// Saved secrets follow the endpoint and bucket they were typed for, no further: when the form
    /// names another endpoint or bucket, the secret key and the password must be typed again. Whoever
    /// got hold of the page (or a mistake) cannot send the saved ones to a server of their choosing.
    /// </summary>
    public static ApiError? CheckSecretsRetyped(SavedSettings saved, SettingsForm form)
    {
        var moved = (saved.Endpoint is not null && !string.Equals(saved.Endpoint, Clean(form.Endpoint), StringComparison.OrdinalIgnoreCase))
            || (saved.Bucket is not null && !string.Equals(saved.Bucket, Clean(form.Bucket), StringComparison.Ordinal));
        if (!moved)
        {
            return null;
        }

        if (saved.SecretAccessKey is not null && Clean(form.SecretAccessKey) is null)
        {
            return new ApiError("The endpoint or bucket changed: enter the Secret Access Key again (the saved one is only sent where it was typed for)", "secretAccessKey");
        }

        return saved.Password is not null && string.IsNullOrEmpty(form.Password)
            ? new ApiError("The endpoint or bucket changed: enter the encryption password again (the saved one is only used where it was typed for)", "password")
            : null;
    }

    /// <summary>The first mistake in <paramref name="settings"/>, or null; app presets are looked up beside <paramref name="source"/>'s config file.</summary>
    public static ApiError? Check(SavedSettings settings, SettingsSource source)
    {
        if (settings.Addressing is not (null or "path" or "virtual"))
        {
            return new ApiError($"Addressing must be auto, path or virtual, not '{settings.Addressing}'", "addressing");
        }

        if (!ScheduleChoices.IntervalMinutes.Contains(settings.AutoBackupMinutes ?? 0))
        {
            return new ApiError($"Auto backup must be one of {string.Join(", ", ScheduleChoices.IntervalMinutes)} minutes", "autoBackupMinutes");
        }

        if (!ScheduleChoices.MaxBackups.Contains(settings.MaxBackups ?? 0))
        {
            return new ApiError($"Maximum backups must be one of {string.Join(", ", ScheduleChoices.MaxBackups)} (0 is unlimited)", "maxBackups");
        }

        if ((CheckFolder(settings) ?? CheckApp(settings, source)) is { } folderError)
        {
            return folderError;
        }

        return HasS3(settings) ? CheckS3(ToS3(settings)) : null;
    }

    /// <summary>True when the form names a bucket or an endpoint: then the S3 fields must be complete.</summary>
    public static bool HasS3(SavedSettings settings) => settings.Endpoint is not null || settings.Bucket is not null;

    public static S3Settings ToS3(SavedSettings settings) => new()
    {
        Endpoint = settings.Endpoint ?? "",
        Region = settings.Region ?? "",
        Bucket = settings.Bucket ?? "",
        AccessKeyId = settings.AccessKeyId ?? "",
        SecretAccessKey = settings.SecretAccessKey ?? "",
        Root = settings.Root ?? "",
        Addressing = settings.Addressing switch
        {
            "path" => S3Addressing.Path,
            "virtual" => S3Addressing.Virtual,
            _ => S3Addressing.Auto,
        },
    };

    public static ApiError? CheckS3(S3Settings s3)
    {
        try
        {
            s3.Validate();
            return null;
        }
        catch (StorageException e)
        {
            return new ApiError(e.Message, FieldOf(e));
        }
    }

    private static ApiError? CheckFolder(SavedSettings settings)
    {
        if (settings.SourceFolder is not { } folder)
        {
            // An app without a folder means the app's own data folder (CheckApp looks for it).
            return settings.AutoBackupMinutes > 0 && settings.App is null
                ? new ApiError("Folder to back up is empty: choose an app or a folder before turning on automatic backups", "sourceFolder")
                : null;
        }

        if (!Path.IsPathFullyQualified(folder))
        {
            return new ApiError($"Folder to back up '{folder}' is not a full path: give it from the root, e.g. /home/you/.config/App", "sourceFolder");
        }

        return Directory.Exists(folder) ? null : new ApiError($"Folder to back up '{folder}' does not exist: check the path", "sourceFolder");
    }

    /// <summary>The chosen app must be a preset here and, without a folder, have a data folder that exists: as the backup will need.</summary>
    private static ApiError? CheckApp(SavedSettings settings, SettingsSource source)
    {
        if (settings.App is null)
        {
            return null;
        }

        try
        {
            AutoBackupPlan.From(settings).ResolveBackup(source);
            return null;
        }
        catch (AppSelectionException e)
        {
            return new ApiError(PageRemedies.Describe(e), e.Problem == AppSelectionProblem.UnknownApp ? "app" : "sourceFolder");
        }
    }

    /// <summary>The form field a validation message is about; the engine's messages start with the field's name.</summary>
    private static string? FieldOf(StorageException e)
    {
        if (e.Kind == StorageErrorKind.BucketInEndpoint)
        {
            return "endpoint";
        }

        (string Prefix, string Field)[] fields =
        [
            ("Endpoint", "endpoint"), ("Bucket", "bucket"), ("Access Key ID", "accessKeyId"),
            ("Secret Access Key", "secretAccessKey"), ("Cloudflare R2", "region"), ("Root Path", "root"),
        ];
        return fields.FirstOrDefault(f => e.Message.StartsWith(f.Prefix, StringComparison.Ordinal)).Field;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
