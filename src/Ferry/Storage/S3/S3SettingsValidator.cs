namespace Ferry.Storage.S3;

/// <summary>
/// The mistakes people make in an S3 settings panel, caught before a request is sent. Each throws a
/// one-line <see cref="StorageException"/> that names the field and the change to make.
/// </summary>
internal static class S3SettingsValidator
{
    public static void Validate(S3Settings settings)
    {
        try
        {
            Check(settings);
        }
        catch (StorageException e)
        {
            throw SecretRedaction.Redact(e, settings.SecretAccessKey);
        }
    }

    private static void Check(S3Settings settings)
    {
        var endpoint = ParseEndpoint(settings.Endpoint);
        CheckBucket(settings.Bucket);
        if (settings.AccessKeyId.Length == 0)
        {
            throw Invalid("Access Key ID is empty: copy it from the provider's API keys page");
        }

        if (settings.SecretAccessKey.Length == 0)
        {
            throw Invalid("Secret Access Key is empty: copy it from the provider's API keys page");
        }

        CheckBucketNotInEndpoint(endpoint, settings.Bucket);
        CheckR2Region(endpoint, settings.Region);
        CheckRoot(settings.Root);
    }

    private static Uri ParseEndpoint(string endpoint)
    {
        if (endpoint.Length == 0)
        {
            throw Invalid("Endpoint is empty: set it to the provider's S3 URL, e.g. https://s3.us-west-1.amazonaws.com");
        }

        if (!endpoint.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid($"Endpoint '{endpoint}' has no scheme: add https:// (https://{endpoint})");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw Invalid($"Endpoint '{endpoint}' is not an http(s) URL: use the form https://host[:port]");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid($"Endpoint '{endpoint}' has a query or fragment: use the form https://host[:port]");
        }

        return uri;
    }

    private static void CheckBucket(string bucket)
    {
        if (bucket.Length == 0)
        {
            throw Invalid("Bucket is empty: set the name of the bucket that will hold the backups");
        }

        if (bucket.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid($"Bucket '{bucket}' contains '/': put only the bucket name there and the folder part in Root Path");
        }

        if (bucket.Any(char.IsWhiteSpace))
        {
            throw Invalid($"Bucket '{bucket}' contains spaces: bucket names have none; check for a stray space");
        }
    }

    /// <summary>
    /// Copying the "bucket URL" from a console gives <c>https://bucket.host</c> or <c>https://host/bucket</c>;
    /// the SDK would then add the bucket a second time and every request would miss.
    /// </summary>
    private static void CheckBucketNotInEndpoint(Uri endpoint, string bucket)
    {
        var firstLabel = endpoint.Host.Split('.')[0];
        if (endpoint.HostNameType == UriHostNameType.Dns && endpoint.Host.Contains('.', StringComparison.Ordinal)
            && string.Equals(firstLabel, bucket, StringComparison.OrdinalIgnoreCase))
        {
            var fixedEndpoint = new UriBuilder(endpoint) { Host = endpoint.Host[(firstLabel.Length + 1)..] }.Uri;
            throw InEndpoint(endpoint, bucket, fixedEndpoint);
        }

        var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
        if (string.Equals(Uri.UnescapeDataString(firstSegment), bucket, StringComparison.OrdinalIgnoreCase))
        {
            var fixedEndpoint = new UriBuilder(endpoint) { Path = "" }.Uri;
            throw InEndpoint(endpoint, bucket, fixedEndpoint);
        }
    }

    private static void CheckR2Region(Uri endpoint, string region)
    {
        if (S3Settings.IsR2(endpoint.Host.ToLowerInvariant()) && region.Length > 0 && !region.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"Cloudflare R2 signs with region 'auto', not '{region}': set Region to auto");
        }
    }

    private static void CheckRoot(string root)
    {
        if (root.Length > 0 && root.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw Invalid($"Root Path '{root}' has an empty, '.' or '..' part: use plain folder names such as backups/laptop");
        }
    }

    private static StorageException InEndpoint(Uri endpoint, string bucket, Uri fixedEndpoint) => new(
        $"Endpoint {endpoint.OriginalString} repeats the bucket name '{bucket}': set Endpoint to {fixedEndpoint.GetLeftPart(UriPartial.Authority)}",
        StorageErrorKind.BucketInEndpoint);

    private static StorageException Invalid(string message) => new(message, StorageErrorKind.InvalidSettings);
}
