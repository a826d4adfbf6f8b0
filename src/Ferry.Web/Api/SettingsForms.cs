using Ferry.Configuration;

namespace Ferry.Web.Api;

/// <summary>
/// Turns the page's form into saved settings and says what is wrong with it before anything is saved
/// or sent: the engine's <see cref="SettingsValidator"/> (the same rules as <c>ferry config set</c> and
/// the store factory), plus the page's own rule that saved secrets are not sent to a new place.
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
    /// Every mistake in the form, each next to its field (the page marks them all at once), or null:
    /// secrets not typed again first, then the validator's problems of <paramref name="next"/>, one per field.
    /// </summary>
    public static ApiError? Check(SavedSettings saved, SettingsForm form, SavedSettings next, SettingsSource source)
    {
        IEnumerable<FieldError> problems = [.. RetypeProblems(saved, form), .. SettingsValidator.Check(next, source).Select(ToField)];
        return ApiError.Of([.. problems.DistinctBy(p => p.Field)]);
    }

    /// <summary>The S3 fields' problems (<see cref="SettingsValidator.CheckS3"/>) as the page shows them, or null.</summary>
    public static ApiError? CheckS3(SavedSettings settings) =>
        ApiError.Of([.. SettingsValidator.CheckS3(SettingsValidator.S3SettingsOf(settings)).Select(ToField)]);

    /// <summary>The secrets not typed again although the endpoint or bucket changed, as an error, or null.</summary>
    public static ApiError? CheckSecretsRetyped(SavedSettings saved, SettingsForm form) => ApiError.Of([.. RetypeProblems(saved, form)]);

    /// <summary>True when the form names a bucket or an endpoint: then the S3 fields must be complete.</summary>
    public static bool HasS3(SavedSettings settings) => settings.Endpoint is not null || settings.Bucket is not null;

    /// <summary>
    /// Saved secrets follow the endpoint and bucket they were typed for, no further: when the form
    /// names another endpoint or bucket, the secret key and the password must be typed again. Whoever
    /// got hold of the page (or a mistake) cannot send the saved ones to a server of their choosing.
    /// </summary>
    private static IEnumerable<FieldError> RetypeProblems(SavedSettings saved, SettingsForm form)
    {
        var moved = (saved.Endpoint is not null && !string.Equals(saved.Endpoint, Clean(form.Endpoint), StringComparison.OrdinalIgnoreCase))
            || (saved.Bucket is not null && !string.Equals(saved.Bucket, Clean(form.Bucket), StringComparison.Ordinal));
        if (!moved)
        {
            yield break;
        }

        if (saved.SecretAccessKey is not null && Clean(form.SecretAccessKey) is null)
        {
            yield return new("secretAccessKey", "The endpoint or bucket changed: enter the Secret Access Key again (the saved one is only sent where it was typed for)");
        }

        if (saved.Password is not null && string.IsNullOrEmpty(form.Password))
        {
            yield return new("password", "The endpoint or bucket changed: enter the encryption password again (the saved one is only used where it was typed for)");
        }
    }

    /// <summary>The page's field for a setting: <c>access-key-id</c> is <c>accessKeyId</c>.</summary>
    private static FieldError ToField(SettingProblem problem)
    {
        var words = problem.Setting.Split('-');
        return new(words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..])), PageRemedies.Describe(problem.ToException()));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
