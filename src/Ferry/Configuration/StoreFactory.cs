using Ferry.Errors;
using Ferry.Storage;
using Ferry.Storage.Local;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;

namespace Ferry.Configuration;

/// <summary>Opens the object store the settings describe. The only place that picks a storage kind.</summary>
public static class StoreFactory
{
    /// <summary>
    /// The store the settings describe, wrapped in retries. S3 settings are validated first by
    /// <see cref="S3Settings.Validate"/>: the first of <see cref="SettingsValidator.CheckS3"/>'s problems.
    /// </summary>
    public static IObjectStore Create(ResolvedSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            RepositoryKind.Local => new LocalObjectStore(settings.Repository.Value!),
            _ => new RetryingObjectStore(S3ObjectStore.Create(ToS3Settings(settings)), timeProvider: time),
        };
    }

    /// <summary>The S3 settings; with only a region given, the endpoint is AWS's for that region.</summary>
    public static S3Settings ToS3Settings(ResolvedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = settings.Endpoint.Value;
        if (string.IsNullOrEmpty(endpoint))
        {
            endpoint = settings.Region.HasValue && settings.Region.Value != "auto"
                ? $"https://s3.{settings.Region.Value}.amazonaws.com"
                : throw new FerryException("no S3 endpoint: run 'ferry config set endpoint https://...' or set FERRY_S3_ENDPOINT (see README for AWS, R2, OSS, COS and MinIO values)");
        }

        var addressing = (settings.Addressing.Value ?? "auto") switch
        {
            "path" => S3Addressing.Path,
            "virtual" => S3Addressing.Virtual,
            "auto" => S3Addressing.Auto,
            var other => throw new FerryException(SettingsValidator.AddressingMessage(other)),
        };

        return new S3Settings
        {
            Endpoint = endpoint,
            Region = settings.Region.Value ?? "",
            Bucket = settings.Bucket.Value ?? "",
            AccessKeyId = settings.AccessKeyId.Value ?? "",
            SecretAccessKey = settings.SecretAccessKey.Value ?? "",
            Root = settings.Root.Value ?? "",
            Addressing = addressing,
        };
    }
}
