namespace Ferry.Configuration;

/// <summary>The settings given on the command line; null when not given.</summary>
public sealed record CommandLineSettings(string? Repository = null, string? Host = null, string? PasswordFile = null);

/// <summary>
/// Applies the README's precedence (command line, environment, config file, default) to every setting,
/// and decides whether backups go to S3 or a local folder.
/// </summary>
public static class SettingsResolver
{
    /// <summary>The config file: FERRY_CONFIG, else config.json in the platform's config folder for Ferry.</summary>
    public static string DefaultConfigPath(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Env(environment, "FERRY_CONFIG")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "ferry", "config.json");
    }

    /// <summary>The local repository used when no repository is configured.</summary>
    public static string DefaultRepositoryPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "ferry", "repository");

    /// <summary>Every setting with its source: command line, then environment, then config file, then default.</summary>
    public static ResolvedSettings Resolve(CommandLineSettings flags, IReadOnlyDictionary<string, string> environment, SavedSettings file, string configPath)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(file);

        SettingValue Pick(string name, string? flag, string[] envNames, string? saved, string? fallback = null, bool secret = false)
        {
            if (!string.IsNullOrEmpty(flag))
            {
                return new(name, flag, SettingSource.CommandLine, secret);
            }

            foreach (var envName in envNames)
            {
                if (Env(environment, envName) is { } value)
                {
                    return new(name, value, SettingSource.Environment, secret);
                }
            }

            if (!string.IsNullOrEmpty(saved))
            {
                return new(name, saved, SettingSource.ConfigFile, secret);
            }

            return new(name, fallback, fallback is null ? SettingSource.Unset : SettingSource.Default, secret);
        }

        var repository = Pick("repository", flags.Repository, ["FERRY_REPOSITORY"], file.Repository);
        var endpoint = Pick("endpoint", null, ["FERRY_S3_ENDPOINT"], file.Endpoint);
        var bucket = Pick("bucket", null, ["FERRY_S3_BUCKET"], file.Bucket);
        var kind = ChooseKind(repository, endpoint, bucket);
        if (kind == RepositoryKind.Local && !repository.HasValue)
        {
            repository = new("repository", DefaultRepositoryPath(), SettingSource.Default);
        }

        return new ResolvedSettings
        {
            Kind = kind,
            Repository = repository,
            Endpoint = endpoint,
            Region = Pick("region", null, ["FERRY_S3_REGION"], file.Region),
            Bucket = bucket,
            AccessKeyId = Pick("access-key-id", null, ["FERRY_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"], file.AccessKeyId),
            SecretAccessKey = Pick("secret-access-key", null, ["FERRY_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"], file.SecretAccessKey, secret: true),
            Root = Pick("root", null, ["FERRY_S3_ROOT"], file.Root),
            Addressing = Pick("addressing", null, ["FERRY_S3_ADDRESSING"], file.Addressing, "auto"),
            Password = Pick("password", null, ["FERRY_PASSWORD"], file.Password, secret: true),
            PasswordFile = Pick("password-file", flags.PasswordFile, ["FERRY_PASSWORD_FILE"], file.PasswordFile),
            Host = Pick("host", flags.Host, ["FERRY_HOST"], file.Host, Environment.MachineName),
            ConfigPath = configPath,
        };
    }

    /// <summary>The most specific source that names a place wins: a local folder given on the command line beats S3 settings in the environment, and so on.</summary>
    private static RepositoryKind ChooseKind(SettingValue repository, SettingValue endpoint, SettingValue bucket)
    {
        var s3Source = (SettingSource)Math.Max((int)endpoint.Source, (int)bucket.Source);
        if (repository.HasValue && repository.Source >= s3Source)
        {
            return RepositoryKind.Local;
        }

        return bucket.HasValue || endpoint.HasValue ? RepositoryKind.S3 : RepositoryKind.Local;
    }

    private static string? Env(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
