using Amazon.Runtime;
using Amazon.S3;

namespace Ferry.Storage.S3;

/// <summary>An SDK client configured for any S3-compatible provider, not just AWS.</summary>
internal static class S3ClientFactory
{
    // What a backup sends before its first answer comes back: the config, the key file, the lock,
    // the snapshot listing and the lock listing (docs/ROUNDTRIPS.md), each on a connection of its own.
    private const int EarlyConnections = 5;

    /// <summary>The client, and its first connections to the bucket already on their way (<see cref="PreConnections"/>).</summary>
    public static AmazonS3Client Create(S3Settings settings, int maxConnections, S3Timeouts timeouts)
    {
        PreConnections.Shared.OpenUnlessProxied(settings.RequestBase, Math.Min(maxConnections, EarlyConnections), HttpClient.DefaultProxy);
        var config = new AmazonS3Config
        {
            // ServiceURL + AuthenticationRegion, not RegionEndpoint: the endpoint is whatever the user typed.
            ServiceURL = settings.Endpoint,
            AuthenticationRegion = settings.SigningRegion,
            ForcePathStyle = settings.UsesPathStyle,
            // The SDK's default CRC checksums (aws-chunked trailers, response validation) are rejected
            // or mis-stored by Ceph, R2, OSS and others.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Retries belong to RetryingObjectStore, which knows which failures are worth it.
            MaxErrorRetry = 0,
            Timeout = timeouts.Request,
            ConnectTimeout = timeouts.Connect,
            MaxConnectionsPerServer = maxConnections,
            // AWS_ENDPOINT_URL and shared config files must not redirect a repository the user configured.
            IgnoreConfiguredEndpointUrls = true,
            HttpClientFactory = new S3HttpClientFactory(timeouts),
        };
        return new AmazonS3Client(new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey), config);
    }
}
