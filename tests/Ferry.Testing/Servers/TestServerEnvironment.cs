namespace Ferry.Testing.Servers;

/// <summary>
/// Where ./test (scripts/test-servers.sh) started the S3 servers. A missing variable fails the test
/// with the way to fix it: integration tests never skip quietly.
/// </summary>
public static class TestServerEnvironment
{
    public static string CephEndpoint => Require("FERRY_TEST_S3_ENDPOINT", "Ceph RGW");

    public static string CephAccessKeyId => Require("FERRY_TEST_S3_ACCESS_KEY_ID", "Ceph RGW");

    public static string CephSecretAccessKey => Require("FERRY_TEST_S3_SECRET_ACCESS_KEY", "Ceph RGW");

    /// <summary>The same Ceph RGW over HTTPS, with a certificate for 127.0.0.1 signed by <see cref="CephCaFile"/>.</summary>
    public static string CephTlsEndpoint => Require("FERRY_TEST_S3_TLS_ENDPOINT", "Ceph RGW over HTTPS");

    /// <summary>The CA (PEM) that signed the HTTPS endpoint's certificate, made for this test run.</summary>
    public static string CephCaFile => Require("FERRY_TEST_S3_CA_FILE", "Ceph RGW over HTTPS");

    public static string S3rverEndpoint => Require("FERRY_TEST_S3RVER_ENDPOINT", "s3rver");

    public static string S3rverBucket => Require("FERRY_TEST_S3RVER_BUCKET", "s3rver");

    private static string Require(string name, string server) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{server} is not running ({name} is not set): run ./test, which starts it");
}
