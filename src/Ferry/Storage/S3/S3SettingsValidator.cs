using Ferry.Errors;

namespace Ferry.Storage.S3;

/// <summary>The field of the "S3 backup" panel a <see cref="S3SettingsProblem"/> is about.</summary>
internal enum S3Field
{
    Endpoint,
    Region,
    Bucket,
    AccessKeyId,
    SecretAccessKey,
    Root,
}

/// <summary>One mistake in S3 settings: the field to change, a one-line message that says how, and a next step for the front end to word.</summary>
internal sealed record S3SettingsProblem(S3Field Field, string Message, StorageErrorKind Kind, Remedy Remedy = Remedy.None);

/// <summary>
/// The mistakes people make in an S3 settings panel, caught before a request is sent: the only place
/// these rules are written. <see cref="Problems"/> lists every one (the page marks each field);
/// <see cref="Validate"/> throws the first as a one-line <see cref="StorageException"/>.
/// </summary>
internal static class S3SettingsValidator
{
    public static void Validate(S3Settings settings)
    {
        var problems = Problems(settings);
        if (problems.Count > 0)
        {
            throw new StorageException(problems[0].Message, problems[0].Kind) { Remedy = problems[0].Remedy };
        }
    }

    /// <summary>
    /// Every mistake, in the order the checks run. With <paramref name="requireAll"/> false an empty
    /// field is not a mistake (settings being filled in one at a time) and only the values given are checked.
    /// The secret access key never appears in a message, even when it was pasted into another field.
    /// </summary>
    public static IReadOnlyList<S3SettingsProblem> Problems(S3Settings settings, bool requireAll = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<S3SettingsProblem>();
        var endpoint = ParseEndpoint(settings.Endpoint, requireAll, problems);
        var bucketValid = CheckBucket(settings.Bucket, requireAll, problems);
        if (requireAll && settings.AccessKeyId.Length == 0)
        {
            problems.Add(Invalid(S3Field.AccessKeyId, "Access Key ID is empty: copy it from the provider's API keys page"));
        }

        if (requireAll && settings.SecretAccessKey.Length == 0)
        {
            problems.Add(Invalid(S3Field.SecretAccessKey, "Secret Access Key is empty: copy it from the provider's API keys page"));
        }

        if (endpoint is not null)
        {
            if (bucketValid && settings.Bucket.Length > 0 && BucketInEndpoint(endpoint, settings.Bucket) is { } inEndpoint)
            {
                problems.Add(inEndpoint);
            }

            if (S3Settings.IsR2(endpoint.Host.ToLowerInvariant()) && settings.Region.Length > 0 && !settings.Region.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Invalid(S3Field.Region, $"Cloudflare R2 signs with region 'auto', not '{settings.Region}': set Region to auto"));
            }
        }

        if (settings.Root.Length > 0 && settings.Root.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            problems.Add(Invalid(S3Field.Root, $"Root Path '{settings.Root}' has an empty, '.' or '..' part: use plain folder names such as backups/laptop"));
        }

        return [.. problems.Select(p => p with { Message = SecretRedaction.Redact(p.Message, settings.SecretAccessKey) })];
    }

    /// <summary>The endpoint as a URL, or null when it is missing or malformed (then a problem says why, unless it is merely missing and not required).</summary>
    private static Uri? ParseEndpoint(string endpoint, bool required, List<S3SettingsProblem> problems)
    {
        string? mistake = null;
        Uri? uri = null;
        if (endpoint.Length == 0)
        {
            if (required)
            {
                // The front end says where an endpoint is given: a command and a variable, or the page's field.
                problems.Add(Invalid(S3Field.Endpoint, "Endpoint is empty: set it to the provider's S3 URL, e.g. https://s3.us-west-1.amazonaws.com") with { Remedy = Remedy.SetEndpoint });
            }

            return null;
        }

        if (!endpoint.Contains("://", StringComparison.Ordinal))
        {
            mistake = $"Endpoint '{endpoint}' has no scheme: add https:// (https://{endpoint})";
        }
        else if (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            mistake = $"Endpoint '{endpoint}' is not an http(s) URL: use the form https://host[:port]";
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            mistake = $"Endpoint '{endpoint}' has a query or fragment: use the form https://host[:port]";
        }

        if (mistake is not null)
        {
            problems.Add(Invalid(S3Field.Endpoint, mistake));
        }

        return mistake is null ? uri : null;
    }

    /// <summary>False when the bucket's name is malformed; an empty one is a problem only when <paramref name="required"/>.</summary>
    private static bool CheckBucket(string bucket, bool required, List<S3SettingsProblem> problems)
    {
        var mistake = bucket switch
        {
            "" => required ? "Bucket is empty: set the name of the bucket that will hold the backups" : null,
            _ when bucket.Contains('/', StringComparison.Ordinal) => $"Bucket '{bucket}' contains '/': put only the bucket name there and the folder part in Root Path",
            _ when bucket.Any(char.IsWhiteSpace) => $"Bucket '{bucket}' contains spaces: bucket names have none; check for a stray space",
            _ => null,
        };
        if (mistake is not null)
        {
            problems.Add(Invalid(S3Field.Bucket, mistake));
        }

        return mistake is null;
    }

    /// <summary>
    /// Copying the "bucket URL" from a console gives <c>https://bucket.host</c> or <c>https://host/bucket</c>;
    /// the SDK would then add the bucket a second time and every request would miss.
    /// </summary>
    private static S3SettingsProblem? BucketInEndpoint(Uri endpoint, string bucket)
    {
        var firstLabel = endpoint.Host.Split('.')[0];
        if (endpoint.HostNameType == UriHostNameType.Dns && endpoint.Host.Contains('.', StringComparison.Ordinal)
            && string.Equals(firstLabel, bucket, StringComparison.OrdinalIgnoreCase))
        {
            return InEndpoint(endpoint, bucket, new UriBuilder(endpoint) { Host = endpoint.Host[(firstLabel.Length + 1)..] }.Uri);
        }

        var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
        return string.Equals(Uri.UnescapeDataString(firstSegment), bucket, StringComparison.OrdinalIgnoreCase)
            ? InEndpoint(endpoint, bucket, new UriBuilder(endpoint) { Path = "" }.Uri)
            : null;
    }

    private static S3SettingsProblem InEndpoint(Uri endpoint, string bucket, Uri fixedEndpoint) => new(
        S3Field.Endpoint,
        $"Endpoint {endpoint.OriginalString} repeats the bucket name '{bucket}': set Endpoint to {fixedEndpoint.GetLeftPart(UriPartial.Authority)}",
        StorageErrorKind.BucketInEndpoint);

    private static S3SettingsProblem Invalid(S3Field field, string message) => new(field, message, StorageErrorKind.InvalidSettings);
}
