namespace Ferry.Configuration;

/// <summary>Where a setting's value came from, shown by <c>ferry config show</c>.</summary>
public enum SettingSource
{
    Unset,
    Default,
    ConfigFile,
    Environment,
    CommandLine,
}

/// <summary>One setting after precedence was applied.</summary>
public sealed record SettingValue(string Name, string? Value, SettingSource Source, bool IsSecret = false)
{
    public bool HasValue => !string.IsNullOrEmpty(Value);

    /// <summary>The value as it may be shown: secrets only say whether they are set.</summary>
    public string Display => IsSecret ? (HasValue ? "(set, hidden)" : "(not set)") : Value ?? "(not set)";

    // Never let a secret reach a log line through ToString.
    public override string ToString() => $"{Name} = {Display} [{Source}]";
}

/// <summary>Which kind of place backups go to.</summary>
public enum RepositoryKind
{
    Local,
    S3,
}

/// <summary>Every setting, resolved with the precedence: command line, then environment, then config file, then default.</summary>
public sealed record ResolvedSettings
{
    public required RepositoryKind Kind { get; init; }

    /// <summary>The local repository folder (for <see cref="RepositoryKind.Local"/>).</summary>
    public required SettingValue Repository { get; init; }

    public required SettingValue Endpoint { get; init; }

    public required SettingValue Region { get; init; }

    public required SettingValue Bucket { get; init; }

    public required SettingValue AccessKeyId { get; init; }

    public required SettingValue SecretAccessKey { get; init; }

    public required SettingValue Root { get; init; }

    public required SettingValue Addressing { get; init; }

    public required SettingValue Password { get; init; }

    public required SettingValue PasswordFile { get; init; }

    public required SettingValue Host { get; init; }

    /// <summary>The config file these settings were read from (and <c>config set</c> writes to).</summary>
    public required string ConfigPath { get; init; }

    /// <summary>True when no repository was configured and the platform's default folder is used.</summary>
    public bool IsDefaultRepository => Kind == RepositoryKind.Local && Repository.Source == SettingSource.Default;

    public IEnumerable<SettingValue> All => [Repository, Endpoint, Region, Bucket, AccessKeyId, SecretAccessKey, Root, Addressing, Password, PasswordFile, Host];
}
