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
            _ => CreateS3(ToS3Settings(settings), time),
        };
    }

    /// <summary>An S3 store for <paramref name="settings"/> (validated first), wrapped in retries as every command's is; disposing it closes its connections.</summary>
    public static RetryingObjectStore CreateS3(S3Settings settings, TimeProvider time) =>
        new(S3ObjectStore.Create(settings), timeProvider: time);

    /// <summary>The S3 settings; with only a region given, the endpoint is AWS's for that region.</summary>
    public static S3Settings ToS3Settings(ResolvedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s3 = S3SettingsOf(settings.Endpoint.Value, settings.Region.Value, settings.Bucket.Value, settings.AccessKeyId.Value, settings.SecretAccessKey.Value, settings.Root.Value, settings.Addressing.Value);
        return ParseAddressing(settings.Addressing.Value) is null
            ? throw new FerryException(SettingsValidator.AddressingMessage(settings.Addressing.Value!))
            : s3;
    }

    /// <summary>
    /// The one mapping from the settings' values to <see cref="S3Settings"/>, for the store and for the
    /// validator alike: with no endpoint, a region other than <c>auto</c> gives AWS's endpoint for it;
    /// addressing that is not path or virtual is auto (the validator reports a bad one).
    /// </summary>
    internal static S3Settings S3SettingsOf(string? endpoint, string? region, string? bucket, string? accessKeyId, string? secretAccessKey, string? root, string? addressing) => new()
    {
        Endpoint = string.IsNullOrEmpty(endpoint) && region is { Length: > 0 } and not "auto" ? $"https://s3.{region}.amazonaws.com" : endpoint ?? "",
        Region = region ?? "",
        Bucket = bucket ?? "",
        AccessKeyId = accessKeyId ?? "",
        SecretAccessKey = secretAccessKey ?? "",
        Root = root ?? "",
        Addressing = ParseAddressing(addressing) ?? S3Addressing.Auto,
    };

    /// <summary>auto (or none), path or virtual; null for anything else.</summary>
    internal static S3Addressing? ParseAddressing(string? value) => (value ?? "auto") switch
    {
        "auto" => S3Addressing.Auto,
        "path" => S3Addressing.Path,
        "virtual" => S3Addressing.Virtual,
        _ => null,
    };
}
