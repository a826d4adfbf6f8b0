using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ferry.Storage.S3;

/// <summary>
/// Objects in an S3-compatible bucket under the settings' root path. The only code in Ferry that knows
/// the AWS SDK. It makes one attempt per call: wrap it in <see cref="Ferry.Storage.Retrying.RetryingObjectStore"/>
/// to survive throttling, 5xx answers and dropped connections.
/// </summary>
/// <remarks>
/// Uploads are single plain PUTs (never aws-chunked), deletes go one by one (batch delete needs
/// Content-MD5 on some providers) and at most a fixed number of requests run at once.
/// </remarks>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    /// <summary>Requests in flight at once unless the caller says otherwise.</summary>
    public const int DefaultMaxConcurrentRequests = 8;

    private readonly S3Settings _settings;
    private readonly AmazonS3Client _client;
    private readonly SemaphoreSlim _gate;
    private readonly bool _overHttps;

    private S3ObjectStore(S3Settings settings, int maxConcurrentRequests, S3Timeouts timeouts)
    {
        _settings = settings;
        _client = S3ClientFactory.Create(settings, maxConcurrentRequests, timeouts);
        _gate = new SemaphoreSlim(maxConcurrentRequests, maxConcurrentRequests);
        _overHttps = settings.Endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public string Location => _settings.Location;

    /// <summary>
    /// Checks <paramref name="settings"/> (throwing a <see cref="StorageException"/> that names the fix)
    /// and opens a store on them. Sends no request, but starts opening connections to the bucket's host
    /// (unless a proxy carries them).
    /// </summary>
    /// <param name="settings">Where the bucket is and how to sign for it.</param>
    /// <param name="maxConcurrentRequests">Requests in flight at once.</param>
    /// <param name="timeouts">How long to wait on a silent provider; <see cref="S3Timeouts.Default"/> when null.</param>
    public static S3ObjectStore Create(S3Settings settings, int maxConcurrentRequests = DefaultMaxConcurrentRequests, S3Timeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentRequests, 1);
        settings.Validate();
        return new S3ObjectStore(settings, maxConcurrentRequests, timeouts ?? S3Timeouts.Default);
    }

    /// <inheritdoc/>
    public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return SendAsync(S3Operation.Write, key, async ct =>
        {
            using var body = AsStream(data);
            var request = new PutObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = FullKey(key),
                InputStream = body,
                AutoCloseStream = false,
                // A plain body with Content-Length: R2 and OSS reject aws-chunked, s3rver stores it verbatim.
                UseChunkEncoding = false,
                // TLS already protects the body; skipping the SHA-256 pass saves a read of every pack.
                DisablePayloadSigning = _overHttps,
            };
            await _client.PutObjectAsync(request, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return SendAsync(S3Operation.Read, key, async ct =>
        {
            var request = new GetObjectRequest { BucketName = _settings.Bucket, Key = FullKey(key) };
            using var response = await _client.GetObjectAsync(request, ct).ConfigureAwait(false);
            return await ReadBodyAsync(response, key, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var buffer = new byte[length];
        await ReadRangeAsync(key, offset, buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <inheritdoc/>
    public async Task ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var length = destination.Length;
        if (length == 0)
        {
            // An empty Range header is not expressible; the size alone answers the question.
            var info = await StatAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(key);
            if (info.Size < offset)
            {
                throw ShorterThan(key, offset, length);
            }

            return;
        }

        await SendAsync(S3Operation.Read, key, async ct =>
        {
            var request = new GetObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = FullKey(key),
                ByteRange = new ByteRange(offset, offset + length - 1),
            };
            try
            {
                using var response = await _client.GetObjectAsync(request, ct).ConfigureAwait(false);
                // A short object yields fewer bytes; a server that ignored Range sends the whole object.
                if (response.HttpStatusCode != HttpStatusCode.PartialContent || response.ContentLength != length)
                {
                    throw response.ContentLength < length
                        ? ShorterThan(key, offset, length)
                        : new StorageException($"{Location} ignored the byte range asked for '{key}': the provider does not support ranged reads", StorageErrorKind.Other);
                }

                await ReadBodyIntoAsync(response, key, destination, ct).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw ShorterThan(key, offset, length);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return SendAsync<ObjectInfo?>(S3Operation.Read, key, async ct =>
        {
            try
            {
                var request = new GetObjectMetadataRequest { BucketName = _settings.Bucket, Key = FullKey(key) };
                var response = await _client.GetObjectMetadataAsync(request, ct).ConfigureAwait(false);
                return new ObjectInfo(key, response.ContentLength);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        var root = _settings.RootPrefix;
        var request = new ListObjectsV2Request { BucketName = _settings.Bucket, Prefix = root + prefix };
        ListObjectsV2Response page;
        do
        {
            page = await SendAsync(S3Operation.List, prefix, ct => _client.ListObjectsV2Async(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                // Folder markers ("root/", "root/data/") made by web consoles are not objects of ours.
                if (o.Key.Length > root.Length && o.Key.StartsWith(root, StringComparison.Ordinal) && !o.Key.EndsWith('/'))
                {
                    yield return new ObjectInfo(o.Key[root.Length..], o.Size ?? 0, AsUtc(o.LastModified));
                }
            }

            if (page.IsTruncated == true && string.IsNullOrEmpty(page.NextContinuationToken))
            {
                // Stopping here would silently hide keys, and a listing must be complete.
                throw new StorageException(
                    $"{Location} cut a listing short without saying where to go on: the provider's ListObjectsV2 is incomplete; report this provider to Ferry",
                    StorageErrorKind.Other);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return SendAsync(S3Operation.Delete, key, async ct =>
        {
            try
            {
                await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _settings.Bucket, Key = FullKey(key) }, ct).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
            {
                // Some providers answer 404 for a missing key; the contract says that is not an error.
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }

    private string FullKey(string key) => _settings.RootPrefix + key;

    private static DateTimeOffset? AsUtc(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private Task<bool> SendAsync(S3Operation operation, string key, Func<CancellationToken, Task> send, CancellationToken cancellationToken) =>
        SendAsync(operation, key, async ct =>
        {
            await send(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>One request under the concurrency gate, its failure translated into a <see cref="StorageException"/>.</summary>
    private async Task<T> SendAsync<T>(S3Operation operation, string key, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await send(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StorageException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw S3ErrorTranslator.Translate(e, _settings, operation, key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the whole body and checks it against Content-Length: a cut connection must not pass as data.</summary>
    private static async Task<byte[]> ReadBodyAsync(GetObjectResponse response, string key, CancellationToken cancellationToken)
    {
        var buffer = new byte[response.ContentLength];
        await ReadBodyIntoAsync(response, key, buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    private static async Task ReadBodyIntoAsync(GetObjectResponse response, string key, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var body = response.ResponseStream;
        var read = 0;
        while (read < destination.Length)
        {
            var n = await body.ReadAsync(destination[read..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException($"the body of '{key}' ended after {read} of {destination.Length} bytes");
            }

            read += n;
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    private StorageException ShorterThan(string key, long offset, int length) => new(
        $"object '{key}' in {Location} is shorter than the range {offset}+{length}: the object is damaged",
        StorageErrorKind.Corrupt);
}
