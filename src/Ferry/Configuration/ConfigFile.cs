using System.Text.Json;
using Ferry.Errors;
using Ferry.LocalFiles;

namespace Ferry.Configuration;

/// <summary>
/// The saved settings (<c>~/.config/ferry/config.json</c> or <c>FERRY_CONFIG</c>). It may hold the
/// secret key and password, so it is written with mode 0600, atomically, and never printed.
/// </summary>
public sealed class ConfigFile
{
    /// <summary>The config file at <paramref name="path"/> (it need not exist yet).</summary>
    public ConfigFile(string path)
    {
        Path = path;
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>The saved values, or empty ones when the file does not exist yet.</summary>
    public SavedSettings Load()
    {
        if (!File.Exists(Path))
        {
            return new SavedSettings();
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path), SettingsJson.Default.SavedSettings) ?? new SavedSettings();
        }
        catch (JsonException e)
        {
            throw new FerryException($"the config file {Path} is not valid JSON ({e.Message}): fix or delete it", e);
        }
    }

    /// <summary>Writes the settings atomically, readable by the owner only (mode 0600).</summary>
    public void Save(SavedSettings settings) =>
        PrivateFile.Write(Path, stream => JsonSerializer.Serialize(stream, settings, SettingsJson.Default.SavedSettings));
}

/// <summary>What the config file holds. Every value is optional.</summary>
public sealed record SavedSettings
{
    /// <summary>A local repository folder instead of S3.</summary>
    public string? Repository { get; init; }

    /// <summary>The S3 endpoint URL.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The S3 signing region.</summary>
    public string? Region { get; init; }

    /// <summary>The S3 bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>The S3 access key id.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The S3 secret access key (a secret: never shown).</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>The prefix inside the bucket.</summary>
    public string? Root { get; init; }

    /// <summary>auto, path or virtual.</summary>
    public string? Addressing { get; init; }

    /// <summary>The repository password (a secret: never shown).</summary>
    public string? Password { get; init; }

    /// <summary>A file holding the repository password.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>The device name recorded in snapshots.</summary>
    public string? Host { get; init; }

    // Written by the web page (`ferry ui`) and read by its scheduler and `ferry agent`.

    /// <summary>The folder automatic backups and the page's "Backup now" back up.</summary>
    public string? SourceFolder { get; init; }

    /// <summary>Minutes between automatic backups; null or 0 is off.</summary>
    public int? AutoBackupMinutes { get; init; }

    /// <summary>Snapshots of this device and folder to keep after a backup; null or 0 keeps all.</summary>
    public int? MaxBackups { get; init; }

    /// <summary>Automatic maintenance (pruning unused data, verifying a share of it); null is on.</summary>
    public bool? Maintenance { get; init; }

    /// <summary>Percent of the stored data that may be unused before maintenance prunes; null is the default.</summary>
    public int? MaintenanceThreshold { get; init; }

    /// <summary>The seed's "lightweight backup": skip bulky user files.</summary>
    public bool? Lite { get; init; }

    /// <summary>
    /// The app preset whose rules the page's and the agent's backups follow (<c>cherry-studio</c>); its
    /// data folder is backed up when <see cref="SourceFolder"/> is not set. Null: the preset the folder belongs to, if any.
    /// </summary>
    public string? App { get; init; }

    // Keep secrets out of logs and exception messages even if someone prints the record.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Repository = {Repository}, Endpoint = {Endpoint}, Region = {Region}, Bucket = {Bucket}, AccessKeyId = {AccessKeyId}, Root = {Root}, Addressing = {Addressing}, Host = {Host}, SourceFolder = {SourceFolder}, AutoBackupMinutes = {AutoBackupMinutes}, MaxBackups = {MaxBackups}, Maintenance = {Maintenance}, MaintenanceThreshold = {MaintenanceThreshold}, Lite = {Lite}, App = {App}");
        return true;
    }
}
