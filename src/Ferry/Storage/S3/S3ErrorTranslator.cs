using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Ferry.Errors;

namespace Ferry.Storage.S3;

/// <summary>
/// Turns whatever the AWS SDK or the network throws into a <see cref="StorageException"/> whose
/// <see cref="StorageErrorKind"/> drives retries and whose one-line message says what went wrong and
/// what to change. Messages name the endpoint, bucket and access key id, never the secret.
/// </summary>
internal static partial class S3ErrorTranslator
{
    public static StorageException Translate(Exception error, S3Settings settings, S3Operation operation, string? key)
    {
        var translated = FindServiceError(error) is { } service
            ? FromResponse(service, settings, operation, key)
            : FromNetwork(error, settings, operation, key);
        return SecretRedaction.Redact(translated, settings.SecretAccessKey);
    }

    /// <summary>The provider answered with an HTTP error: its code (or, for bodiless HEAD answers, its status) says why.</summary>
    private static StorageException FromResponse(AmazonServiceException e, S3Settings s, S3Operation operation, string? key)
    {
        var endpoint = s.Endpoint;
        var status = (int)e.StatusCode;
        var code = e.ErrorCode ?? "";
        var doing = Doing(operation, key);
        return code switch
        {
            "NoSuchKey" when IsObjectCall(operation, key) => new ObjectNotFoundException(key!),
            "NoSuchBucket" => new StorageException(
                $"bucket '{s.Bucket}' does not exist at {endpoint}: create it in the provider's console or fix the bucket name",
                StorageErrorKind.BucketMissing, e),
            "InvalidAccessKeyId" => new StorageException(
                $"the provider at {endpoint} does not know access key id '{s.AccessKeyId}': check Access Key ID",
                StorageErrorKind.UnknownAccessKey, e),
            "SignatureDoesNotMatch" => new StorageException(
                $"the provider at {endpoint} rejected the signature made with the secret of access key id '{s.AccessKeyId}': check Secret Access Key",
                StorageErrorKind.WrongSecretKey, e),
            "AccessDenied" or "AllAccessDisabled" => new StorageException(
                $"access key id '{s.AccessKeyId}' may not {Verb(operation)} in bucket '{s.Bucket}' at {endpoint}: allow it to list, read, write and delete objects there",
                StorageErrorKind.AccessDenied, e),
            "AuthorizationHeaderMalformed" or "PermanentRedirect" or "IllegalLocationConstraintException" or "IllegalLocationConstraint"
                => RegionMismatch(e, s),
            "RequestTimeTooSkewed" => new StorageException(
                $"this computer's clock is too far from {endpoint}'s to sign requests: correct the system clock (and time zone)",
                StorageErrorKind.Other, e),
            "InvalidBucketName" => new StorageException(
                $"'{s.Bucket}' is not a valid bucket name at {endpoint}: use 3 to 63 lowercase letters, digits, dots and hyphens",
                StorageErrorKind.InvalidSettings, e),
            "SecondLevelDomainForbidden" => new StorageException(
                $"{endpoint} wants the bucket in the host name: set Addressing to virtual",
                StorageErrorKind.InvalidSettings, e),
            "SlowDown" or "ServiceUnavailable" or "TooManyRequests" or "RequestLimitExceeded" => Throttled(e, endpoint, doing),
            "InternalError" => ServerError(e, endpoint, doing),
            "RequestTimeout" => Transient(e, endpoint, doing),
            _ => FromStatus(e, s, operation, key, status),
        };
    }

    private static StorageException FromStatus(AmazonServiceException e, S3Settings s, S3Operation operation, string? key, int status)
    {
        var endpoint = s.Endpoint;
        var doing = Doing(operation, key);
        return status switch
        {
            404 when IsObjectCall(operation, key) => new ObjectNotFoundException(key!),
            301 or 307 when e is AmazonS3Exception => RegionMismatch(e, s),
            403 => new StorageException(
                $"{endpoint} refused access while {doing} in bucket '{s.Bucket}' (403): check Access Key ID, Secret Access Key and the key's permissions",
                StorageErrorKind.AccessDenied, e),
            429 or 503 => Throttled(e, endpoint, doing),
            408 => Transient(e, endpoint, doing),
            >= 500 => ServerError(e, endpoint, doing),
            _ => new StorageException(
                $"{endpoint} refused {doing} ({Status(e)}{(string.IsNullOrWhiteSpace(e.Message) ? "" : ": " + OneLine(e.Message))})",
                StorageErrorKind.Other, e) { Remedy = Remedy.TestSettings },
        };
    }

    /// <summary>The connection itself failed: no HTTP answer to interpret.</summary>
    private static StorageException FromNetwork(Exception error, S3Settings s, S3Operation operation, string? key)
    {
        var endpoint = s.Endpoint;
        var doing = Doing(operation, key);
        var chain = Chain(error).ToList();
        if (chain.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            if (tls.Message.Contains("certificate chain", StringComparison.OrdinalIgnoreCase))
            {
                // A server with a certificate from its own CA (a NAS, MinIO at home): the common case.
                return new StorageException(
                    $"TLS with {endpoint} failed ({OneLine(tls.Message)}): its certificate is not signed by a CA this computer trusts; add that CA to the system's trusted certificates (on Linux SSL_CERT_FILE=/path/to/ca.pem also works)",
                    StorageErrorKind.Tls, error);
            }

            return new StorageException(
                $"TLS with {endpoint} failed ({OneLine(tls.Message)}): check http:// or https:// in Endpoint and the server's certificate",
                StorageErrorKind.Tls, error);
        }

        if (chain.OfType<SilentProviderException>().FirstOrDefault() is { } silent)
        {
            return new StorageException(
                $"{endpoint} {silent.Message} while {doing}: check the network; trying again usually helps",
                StorageErrorKind.Timeout, error) { Silence = silent.Silence };
        }

        var http = chain.OfType<HttpRequestException>().FirstOrDefault();
        var socket = chain.OfType<SocketException>().FirstOrDefault();
        var unreachable = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => "no route to host",
            SocketError.TimedOut when http?.HttpRequestError == HttpRequestError.ConnectionError => "connection timed out",
            _ => http?.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name not found",
                HttpRequestError.ConnectionError when socket is null => "cannot connect",
                _ => null,
            },
        };

        if (unreachable is not null)
        {
            return new StorageException($"cannot reach {endpoint} ({unreachable}): check Endpoint and the network", StorageErrorKind.Unreachable, error);
        }

        if (http?.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return new StorageException(
                $"TLS with {endpoint} failed: check http:// or https:// in Endpoint and the server's certificate", StorageErrorKind.Tls, error);
        }

        if (http?.HttpRequestError == HttpRequestError.InvalidResponse)
        {
            return new StorageException(
                $"{endpoint} did not answer in HTTP while {doing}: check http:// or https:// and the port in Endpoint", StorageErrorKind.Other, error);
        }

        // Resets, bodies cut short and timeouts: the request may well succeed when sent again.
        if (http is not null || socket is not null || chain.Any(c => c is IOException or TimeoutException or OperationCanceledException))
        {
            return new StorageException(
                $"the connection to {endpoint} timed out or was cut while {doing}: check the network; trying again usually helps",
                StorageErrorKind.Timeout, error);
        }

        return new StorageException($"{doing} at {endpoint} failed: {OneLine(error.Message)}", StorageErrorKind.Other, error);
    }

    private static StorageException RegionMismatch(AmazonServiceException e, S3Settings s)
    {
        var wanted = WantedRegion(e);
        var message = wanted is null || wanted.Equals(s.SigningRegion, StringComparison.OrdinalIgnoreCase)
            ? $"bucket '{s.Bucket}' at {s.Endpoint} is not in region '{s.SigningRegion}': set Region to the bucket's region shown in the provider's console"
            : $"bucket '{s.Bucket}' is in region '{wanted}', not '{s.SigningRegion}': set Region to {wanted}";
        return new StorageException(message, StorageErrorKind.RegionMismatch, e);
    }

    /// <summary>
    /// The region the provider asks for: AWS names it in the x-amz-bucket-region header of a redirect, or
    /// in the message of AuthorizationHeaderMalformed ("expecting 'eu-west-1'"). The SDK keeps no error body.
    /// </summary>
    private static string? WantedRegion(AmazonServiceException e)
    {
        if (Chain(e).OfType<HttpErrorResponseException>().FirstOrDefault()?.Response is { } response
            && response.IsHeaderPresent("x-amz-bucket-region"))
        {
            return response.GetHeaderValue("x-amz-bucket-region");
        }

        return ExpectingRegion().Match(e.Message ?? "") is { Success: true } m ? m.Groups[1].Value : null;
    }

    private static StorageException Throttled(AmazonServiceException e, string endpoint, string doing) => new(
        $"{endpoint} is throttling requests ({Status(e)}) while {doing}: try again later",
        StorageErrorKind.Throttled, e);

    private static StorageException ServerError(AmazonServiceException e, string endpoint, string doing) => new(
        $"{endpoint} failed internally ({Status(e)}) while {doing}: try again later, or check the provider's status page",
        StorageErrorKind.ServerError, e);

    private static StorageException Transient(AmazonServiceException e, string endpoint, string doing) => new(
        $"{endpoint} gave up waiting ({Status(e)}) while {doing}: check the network; trying again usually helps",
        StorageErrorKind.Timeout, e);

    /// <summary>
    /// The first error in the chain that carries an HTTP answer. A status of 0 means the SDK wrapped a
    /// connection failure without one.
    /// </summary>
    private static AmazonServiceException? FindServiceError(Exception error) =>
        Chain(error).OfType<AmazonServiceException>().FirstOrDefault(e => e.StatusCode != 0 || !string.IsNullOrEmpty(e.ErrorCode));

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string Doing(S3Operation operation, string? key) => operation switch
    {
        S3Operation.List => key is null or "" ? "listing objects" : $"listing '{key}'",
        S3Operation.Read => $"reading '{key}'",
        S3Operation.Write => $"writing '{key}'",
        S3Operation.Delete => $"deleting '{key}'",
        _ => operation.ToString(),
    };

    private static string Verb(S3Operation operation) => operation switch
    {
        S3Operation.List => "list objects",
        S3Operation.Read => "read objects",
        S3Operation.Write => "write objects",
        S3Operation.Delete => "delete objects",
        _ => "work",
    };

    /// <summary>A 404 about one object means the object is missing; about a listing it cannot.</summary>
    private static bool IsObjectCall(S3Operation operation, string? key) => operation != S3Operation.List && key is not null;

    private static string Status(AmazonServiceException e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? $"{(int)e.StatusCode}" : $"{(int)e.StatusCode} {e.ErrorCode}";

    private static string OneLine(string? text) => WhiteSpace().Replace(text ?? "", " ").Trim();

    [GeneratedRegex(@"expecting '([A-Za-z0-9-]+)'")]
    private static partial Regex ExpectingRegion();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
