using Ferry.Storage.S3;

namespace Ferry.Testing.Processes;

/// <summary>
/// One computer: its own home folder, config file and host name. Two devices in a test are two
/// separate "machines" that share nothing but the bucket and the password.
/// </summary>
public sealed class Device : IDisposable
{
    private readonly TempFolder _folder = new();

    public Device(string host, string password = "the same password on every device")
    {
        Host = host;
        Environment["HOME"] = _folder.Sub("home");
        Environment["FERRY_CONFIG"] = _folder.Sub("home/.config/ferry/config.json");
        Environment["FERRY_HOST"] = host;
        Environment["FERRY_PASSWORD"] = password;
    }

    public string Host { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Path(string name) => _folder.Sub(name);

    /// <summary>Points this device at a bucket through environment variables, as a script would.</summary>
    public Device UseS3(S3Settings s3)
    {
        SetS3(Environment, s3);
        return this;
    }

    /// <summary>The FERRY_S3_* variables that name a bucket, as a script would set them.</summary>
    public static void SetS3(Dictionary<string, string> environment, S3Settings s3)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(s3);
        environment["FERRY_S3_ENDPOINT"] = s3.Endpoint;
        environment["FERRY_S3_REGION"] = s3.Region;
        environment["FERRY_S3_BUCKET"] = s3.Bucket;
        environment["FERRY_S3_ACCESS_KEY_ID"] = s3.AccessKeyId;
        environment["FERRY_S3_SECRET_ACCESS_KEY"] = s3.SecretAccessKey;
        environment["FERRY_S3_ROOT"] = s3.Root;
    }

    public Task<ProcessRun> RunAsync(params string[] args) => FerryProcess.RunAsync(Environment, null, args);

    public Task<ProcessRun> RunWithInputAsync(string stdin, params string[] args) => FerryProcess.RunAsync(Environment, stdin, args);

    public void Dispose() => _folder.Dispose();
}
