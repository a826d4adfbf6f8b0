using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;
using Amazon.S3;
using Ferry.Storage;
using Ferry.Storage.S3;

namespace Ferry.Tests.Storage.S3;

public sealed class S3ErrorTranslatorTests
{
    private const string Secret = "testsecretkey0000000000000000000000000001";

    private static readonly S3Settings Settings = new()
    {
        Endpoint = "https://s3.us-east-1.amazonaws.com",
        Region = "us-east-1",
        Bucket = "backups",
        AccessKeyId = "AKIAEXAMPLE",
        SecretAccessKey = Secret,
    };

    [Theory]
    [InlineData("InvalidAccessKeyId", 403, StorageErrorKind.UnknownAccessKey, "check Access Key ID")]
    [InlineData("SignatureDoesNotMatch", 403, StorageErrorKind.WrongSecretKey, "check Secret Access Key")]
    [InlineData("NoSuchBucket", 404, StorageErrorKind.BucketMissing, "bucket 'backups' does not exist at https://s3.us-east-1.amazonaws.com")]
    [InlineData("AccessDenied", 403, StorageErrorKind.AccessDenied, "may not write objects in bucket 'backups'")]
    [InlineData("PermanentRedirect", 301, StorageErrorKind.RegionMismatch, "set Region")]
    [InlineData("IllegalLocationConstraintException", 400, StorageErrorKind.RegionMismatch, "set Region")]
    [InlineData("SlowDown", 503, StorageErrorKind.Throttled, "try again later")]
    [InlineData("", 503, StorageErrorKind.Throttled, "try again later")]
    [InlineData("InternalError", 500, StorageErrorKind.ServerError, "try again later")]
    [InlineData("", 502, StorageErrorKind.ServerError, "try again later")]
    [InlineData("", 504, StorageErrorKind.ServerError, "try again later")]
    [InlineData("RequestTimeout", 400, StorageErrorKind.Timeout, "trying again")]
    [InlineData("SecondLevelDomainForbidden", 403, StorageErrorKind.InvalidSettings, "set Addressing to virtual")]
    [InlineData("", 403, StorageErrorKind.AccessDenied, "check Access Key ID, Secret Access Key")]
    [InlineData("WeirdError", 400, StorageErrorKind.Other, "WeirdError")]
    public void Provider_answers_become_the_right_kind_with_a_fix(string code, int status, StorageErrorKind kind, string fix)
    {
        var e = Translate(S3Error(code, status), S3Operation.Write, "data/ab/pack");

        Assert.Equal(kind, e.Kind);
        Assert.Contains(fix, e.Message, StringComparison.Ordinal);
        AssertOneLineWithoutSecret(e);
    }

    [Fact]
    public void A_missing_key_becomes_object_not_found_for_that_key()
    {
        var e = Assert.IsType<ObjectNotFoundException>(Translate(S3Error("NoSuchKey", 404), S3Operation.Read, "snapshots/abc"));

        Assert.Equal("snapshots/abc", e.Key);
    }

    [Fact]
    public void A_region_mismatch_names_the_region_the_provider_asks_for()
    {
        var error = S3Error("AuthorizationHeaderMalformed", 400,
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'");

        var e = Translate(error, S3Operation.List, "");

        Assert.Equal(StorageErrorKind.RegionMismatch, e.Kind);
        Assert.Contains("set Region to eu-west-1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Unreachables))]
    public void A_host_that_cannot_be_reached_is_unreachable(Exception error, string reason)
    {
        var e = Translate(error, S3Operation.List, "");

        Assert.Equal(StorageErrorKind.Unreachable, e.Kind);
        Assert.Contains($"cannot reach https://s3.us-east-1.amazonaws.com ({reason}): check Endpoint", e.Message, StringComparison.Ordinal);
        AssertOneLineWithoutSecret(e);
    }

    public static TheoryData<Exception, string> Unreachables() => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), "connection refused" },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known", new SocketException((int)SocketError.HostNotFound)), "host name not found" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "No route to host", new SocketException((int)SocketError.HostUnreachable)), "no route to host" },
    };

    [Fact]
    public void A_failed_tls_handshake_is_tls()
    {
        var tls = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established",
            new AuthenticationException("The remote certificate is invalid"));

        var e = Translate(tls, S3Operation.List, "");

        Assert.Equal(StorageErrorKind.Tls, e.Kind);
        Assert.Contains("https://", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CutConnections))]
    public void Cut_connections_and_timeouts_are_transient(Exception error)
    {
        var e = Translate(error, S3Operation.Read, "data/ab/pack");

        Assert.Equal(StorageErrorKind.Timeout, e.Kind);
        Assert.True(e.IsTransient);
        AssertOneLineWithoutSecret(e);
    }

    public static TheoryData<Exception> CutConnections() => new()
    {
        new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"),
        new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset)),
        new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
        new AmazonServiceException("wrapped", new IOException("body cut short")),
    };

    [Fact]
    public void A_provider_message_that_echoes_the_secret_is_redacted()
    {
        var e = Translate(S3Error("WeirdError", 400, $"bad credential {Secret}"), S3Operation.Write, "x");

        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.Contains("<secret>", e.Message, StringComparison.Ordinal);
    }

    private static StorageException Translate(Exception error, S3Operation operation, string key) =>
        S3ErrorTranslator.Translate(error, Settings, operation, key);

    private static AmazonS3Exception S3Error(string code, int status, string message = "provider message") =>
        new(message, ErrorType.Sender, code.Length == 0 ? null : code, "request-id", (HttpStatusCode)status);

    private static void AssertOneLineWithoutSecret(StorageException e)
    {
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }
}
