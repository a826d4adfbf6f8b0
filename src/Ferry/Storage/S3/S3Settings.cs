namespace Ferry.Storage.S3;

/// <summary>
/// Where an S3-compatible repository lives: the fields of the "S3 backup" settings panel. Call
/// <see cref="Validate"/> (or let <see cref="S3ObjectStore.Create"/> do it) to catch a mistake before
/// any request is sent.
/// </summary>
/// <remarks>
/// A record so callers can change one field with <c>with</c>. <see cref="ToString"/> is written by hand
/// and so replaces the generated one, which would print the secret access key.
/// </remarks>
public sealed record S3Settings
{
    private static readonly string[] VirtualHostedSuffixes = ["aliyuncs.com", "myqcloud.com", "volces.com"];

    // Every field is trimmed as it is set: values pasted from a web console often carry stray spaces.

    /// <summary>The provider's S3 URL with its scheme, e.g. <c>https://s3.us-west-1.amazonaws.com</c>.</summary>
    public string Endpoint { get; init => field = (value ?? "").Trim().TrimEnd('/'); } = "";

    /// <summary>The signing region; <c>auto</c> for Cloudflare R2; empty means us-east-1.</summary>
    public string Region { get; init => field = (value ?? "").Trim(); } = "";

    /// <summary>The bucket's name, without the endpoint.</summary>
    public string Bucket { get; init => field = (value ?? "").Trim(); } = "";

    /// <summary>The access key id (not a secret; the secret access key is).</summary>
    public string AccessKeyId { get; init => field = (value ?? "").Trim(); } = "";

    /// <summary>Never printed, never logged, never part of a message.</summary>
    public string SecretAccessKey { get; init => field = (value ?? "").Trim(); } = "";

    /// <summary>
    /// The prefix inside the bucket that holds everything Ferry stores. <c>/a/b/</c>, <c>a/b</c> and
    /// <c>a/b/</c> all read back as <c>a/b</c>; empty is the bucket root.
    /// </summary>
    public string Root { get; init => field = NormalizeRoot(value); } = "";

    /// <summary>Path-style or virtual-hosted requests; <see cref="S3Addressing.Auto"/> picks what the provider needs.</summary>
    public S3Addressing Addressing { get; init; } = S3Addressing.Auto;

    /// <summary>True when requests put the bucket in the path rather than in the host name.</summary>
    public bool UsesPathStyle => Addressing switch
    {
        S3Addressing.Path => true,
        S3Addressing.Virtual => false,
        _ => !RequiresVirtualHosting(EndpointHost),
    };

    /// <summary>Checks the settings without contacting the provider; throws a <see cref="StorageException"/> naming the fix.</summary>
    public void Validate() => S3SettingsValidator.Validate(this);

    /// <summary>Where the objects live, e.g. <c>s3:https://s3.amazonaws.com/bucket/root</c>. Never contains the secret.</summary>
    public string Location => $"s3:{Endpoint}/{Bucket}" + (Root.Length > 0 ? $"/{Root}" : "");

    /// <summary>The key prefix every object of the repository carries: <c>root/</c>, or empty at the bucket root.</summary>
    internal string RootPrefix => Root.Length > 0 ? Root + "/" : "";

    /// <summary>The region requests are signed for.</summary>
    internal string SigningRegion => Region switch
    {
        "" when IsR2(EndpointHost) => "auto",
        "" => "us-east-1",
        var region => region,
    };

    /// <summary>
    /// Where the requests go: the endpoint, or with virtual-hosted addressing the bucket's own host
    /// name under it (<c>https://bucket.oss-cn-hangzhou.aliyuncs.com</c>), as the SDK builds them.
    /// </summary>
    internal Uri RequestBase
    {
        get
        {
            var endpoint = new Uri(Endpoint);
            return UsesPathStyle ? endpoint : new UriBuilder(endpoint) { Host = $"{Bucket}.{endpoint.Host}" }.Uri;
        }
    }

    internal string EndpointHost =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : "";

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = $"{Location} (region {SigningRegion}, access key id {AccessKeyId}, {(UsesPathStyle ? "path-style" : "virtual-hosted")})";
        // Even when the secret was pasted into another field.
        return SecretRedaction.Redact(text, SecretAccessKey);
    }

    internal static bool IsR2(string host) => host.EndsWith(".r2.cloudflarestorage.com", StringComparison.Ordinal);

    private static string NormalizeRoot(string? root) => (root ?? "").Trim().Trim('/');

    private static bool RequiresVirtualHosting(string host) =>
        VirtualHostedSuffixes.Any(suffix => host == suffix || host.EndsWith("." + suffix, StringComparison.Ordinal));
}
