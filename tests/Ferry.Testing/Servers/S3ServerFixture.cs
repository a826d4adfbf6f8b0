using Amazon.Runtime;
using Amazon.S3;
using Ferry.Storage;
using Ferry.Storage.Retrying;
using Ferry.Storage.S3;

namespace Ferry.Testing.Servers;

/// <summary>
/// One bucket on a test server for one test class, and stores on it under fresh root prefixes,
/// wrapped in <see cref="RetryingObjectStore"/> as the application wraps them.
/// </summary>
public abstract class S3ServerFixture : IAsyncLifetime
{
    private readonly List<S3ObjectStore> _opened = [];

    /// <summary>Settings for the fixture's bucket at the bucket root, with the server's real keys.</summary>
    public S3Settings Settings { get; private set; } = new();

    /// <summary>A store under a root no other store of this run uses.</summary>
    public IObjectStore CreateStore(string? root = null) => new RetryingObjectStore(Open(new S3Settings
    {
        Endpoint = Settings.Endpoint,
        Region = Settings.Region,
        Bucket = Settings.Bucket,
        AccessKeyId = Settings.AccessKeyId,
        SecretAccessKey = Settings.SecretAccessKey,
        Root = root ?? UniqueRoot(),
    }));

    /// <summary>A bare store (no retries) on any settings, closed with the fixture.</summary>
    public S3ObjectStore Open(S3Settings settings)
    {
        var store = S3ObjectStore.Create(settings);
        lock (_opened)
        {
            _opened.Add(store);
        }

        return store;
    }

    public static string UniqueRoot() => $"test-{Guid.NewGuid():N}"[..17];

    public async Task InitializeAsync() => Settings = await PrepareBucketAsync();

    public async Task DisposeAsync()
    {
        await CleanUpAsync();
        foreach (var store in _opened)
        {
            store.Dispose();
        }
    }

    protected abstract Task<S3Settings> PrepareBucketAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <summary>An SDK client for what the store deliberately cannot do: create and remove buckets.</summary>
    public static AmazonS3Client AdminClient(string endpoint, string accessKeyId, string secret) => new(
        new BasicAWSCredentials(accessKeyId, secret),
        new AmazonS3Config
        {
            ServiceURL = endpoint,
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}

/// <summary>A fresh bucket on Ceph RGW per test class, emptied and removed afterwards.</summary>
public sealed class CephFixture : S3ServerFixture
{
    protected override async Task<S3Settings> PrepareBucketAsync()
    {
        var settings = new S3Settings
        {
            Endpoint = TestServerEnvironment.CephEndpoint,
            Region = "us-east-1",
            Bucket = $"ferry-{Guid.NewGuid():N}"[..20],
            AccessKeyId = TestServerEnvironment.CephAccessKeyId,
            SecretAccessKey = TestServerEnvironment.CephSecretAccessKey,
        };
        using var admin = AdminClient(settings.Endpoint, settings.AccessKeyId, settings.SecretAccessKey);
        await admin.PutBucketAsync(settings.Bucket);
        return settings;
    }

    protected override async Task CleanUpAsync()
    {
        var bucket = Open(Settings);
        await foreach (var o in bucket.ListAsync("", CancellationToken.None))
        {
            await bucket.DeleteAsync(o.Key, CancellationToken.None);
        }

        using var admin = AdminClient(Settings.Endpoint, Settings.AccessKeyId, Settings.SecretAccessKey);
        await admin.DeleteBucketAsync(Settings.Bucket);
    }
}

/// <summary>
/// s3rver's one configured bucket; each test class works under its own root prefixes in it. s3rver
/// does not check signatures, so it is never used for authentication tests.
/// </summary>
public sealed class S3rverFixture : S3ServerFixture
{
    protected override Task<S3Settings> PrepareBucketAsync() => Task.FromResult(new S3Settings
    {
        Endpoint = TestServerEnvironment.S3rverEndpoint,
        Region = "us-east-1",
        Bucket = TestServerEnvironment.S3rverBucket,
        AccessKeyId = "S3RVER",
        SecretAccessKey = "S3RVER",
    });
}
