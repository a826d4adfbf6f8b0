namespace Ferry.Configuration;

/// <summary>Where a setting's value came from, shown by <c>ferry config show</c>.</summary>
public enum SettingSource
{
    /// <summary>No value anywhere.</summary>
    Unset,
    /// <summary>Ferry's default.</summary>
    Default,
    /// <summary>The config file.</summary>
    ConfigFile,
    /// <summary>An environment variable.</summary>
    Environment,
    /// <summary>A command-line option.</summary>
    CommandLine,
}

/// <summary>One setting after precedence was applied.</summary>
public sealed record SettingValue(string Name, string? Value, SettingSource Source, bool IsSecret = false)
{
    /// <summary>True when the value is neither missing nor empty.</summary>
    public bool HasValue => !string.IsNullOrEmpty(Value);

    /// <summary>The value as it may be shown: secrets only say whether they are set.</summary>
    public string Display => IsSecret ? (HasValue ? "(set, hidden)" : "(not set)") : Value ?? "(not set)";

    // Never let a secret reach a log line through ToString.
    /// <inheritdoc/>
    public override string ToString() => $"{Name} = {Display} [{Source}]";
}

/// <summary>Which kind of place backups go to.</summary>
public enum RepositoryKind
{
    /// <summary>A folder on this computer.</summary>
    Local,
    /// <summary>An S3-compatible bucket.</summary>
    S3,
}

/// <summary>Every setting, resolved with the precedence: command line, then environment, then config file, then default.</summary>
public sealed record ResolvedSettings
{
    /// <summary>Whether backups go to a folder or a bucket.</summary>
    public required RepositoryKind Kind { get; init; }

    /// <summary>The local repository folder (for <see cref="RepositoryKind.Local"/>).</summary>
    public required SettingValue Repository { get; init; }

    /// <summary>The S3 endpoint URL.</summary>
    public required SettingValue Endpoint { get; init; }

    /// <summary>The S3 signing region.</summary>
    public required SettingValue Region { get; init; }

    /// <summary>The S3 bucket.</summary>
    public required SettingValue Bucket { get; init; }

    /// <summary>The S3 access key id.</summary>
    public required SettingValue AccessKeyId { get; init; }

    /// <summary>The S3 secret access key (marked secret: never displayed).</summary>
    public required SettingValue SecretAccessKey { get; init; }

    /// <summary>The prefix inside the bucket.</summary>
    public required SettingValue Root { get; init; }

    /// <summary>auto, path or virtual.</summary>
    public required SettingValue Addressing { get; init; }

    /// <summary>The repository password (marked secret: never displayed).</summary>
    public required SettingValue Password { get; init; }

    /// <summary>A file holding the repository password.</summary>
    public required SettingValue PasswordFile { get; init; }

    /// <summary>The device name recorded in snapshots.</summary>
    public required SettingValue Host { get; init; }

    /// <summary>The config file these settings were read from (and <c>config set</c> writes to).</summary>
    public required string ConfigPath { get; init; }

    /// <summary>True when no repository was configured and the platform's default folder is used.</summary>
    public bool IsDefaultRepository => Kind == RepositoryKind.Local && Repository.Source == SettingSource.Default;

    /// <summary>Every setting, in the order <c>ferry config show</c> lists them.</summary>
    public IEnumerable<SettingValue> All => [Repository, Endpoint, Region, Bucket, AccessKeyId, SecretAccessKey, Root, Addressing, Password, PasswordFile, Host];
}
