using Ferry.Storage;
using Ferry.Storage.S3;

namespace Ferry.Tests.Storage.S3;

public sealed class S3SettingsTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static readonly S3Settings Good = new()
    {
        Endpoint = "https://s3.us-west-1.amazonaws.com",
        Region = "us-west-1",
        Bucket = "mybucket",
        AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
        SecretAccessKey = Secret,
    };

    [Theory]
    [InlineData("/a/b/", "a/b")]
    [InlineData("a/b", "a/b")]
    [InlineData("a/b/", "a/b")]
    [InlineData("/", "")]
    [InlineData("", "")]
    [InlineData("  backups  ", "backups")]
    public void Root_is_normalised_without_leading_or_trailing_slashes(string given, string expected)
    {
        var settings = Good with { Root = given };

        Assert.Equal(expected, settings.Root);
        Assert.Equal(expected.Length == 0 ? "" : expected + "/", settings.RootPrefix);
    }

    [Fact]
    public void Values_pasted_with_stray_spaces_or_a_trailing_slash_are_cleaned()
    {
        var settings = new S3Settings { Endpoint = " https://s3.amazonaws.com/ ", Bucket = " mybucket ", AccessKeyId = " AKIA ", SecretAccessKey = " s3cret\n" };

        Assert.Equal(("https://s3.amazonaws.com", "mybucket", "AKIA", "s3cret"), (settings.Endpoint, settings.Bucket, settings.AccessKeyId, settings.SecretAccessKey));
    }

    [Theory]
    [InlineData("https://oss-cn-hangzhou.aliyuncs.com", false)]
    [InlineData("https://cos.ap-guangzhou.myqcloud.com", false)]
    [InlineData("https://tos-s3-cn-beijing.volces.com", false)]
    [InlineData("https://s3.us-west-1.amazonaws.com", true)]
    [InlineData("https://abc123.r2.cloudflarestorage.com", true)]
    [InlineData("http://127.0.0.1:9000", true)]
    [InlineData("https://notaliyuncs.com", true)]
    public void Auto_addressing_is_virtual_hosted_only_for_providers_that_need_it(string endpoint, bool pathStyle)
    {
        Assert.Equal(pathStyle, (Good with { Endpoint = endpoint }).UsesPathStyle);
    }

    [Theory]
    [InlineData("https://oss-cn-hangzhou.aliyuncs.com", S3Addressing.Auto, "https://mybucket.oss-cn-hangzhou.aliyuncs.com/")]
    [InlineData("https://s3.us-west-1.amazonaws.com", S3Addressing.Auto, "https://s3.us-west-1.amazonaws.com/")]
    [InlineData("http://127.0.0.1:9000", S3Addressing.Path, "http://127.0.0.1:9000/")]
    [InlineData("http://minio.lan:9000", S3Addressing.Virtual, "http://mybucket.minio.lan:9000/")]
    public void The_requests_go_where_the_SDK_sends_them(string endpoint, S3Addressing addressing, string expected)
    {
        var settings = Good with { Endpoint = endpoint, Addressing = addressing };
        using var sdk = new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey),
            new Amazon.S3.AmazonS3Config { ServiceURL = settings.Endpoint, ForcePathStyle = settings.UsesPathStyle, AuthenticationRegion = settings.SigningRegion });
        var url = new Uri(sdk.GetPreSignedURL(new Amazon.S3.Model.GetPreSignedUrlRequest { BucketName = settings.Bucket, Key = "config", Expires = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) }));

        Assert.Equal(expected, settings.RequestBase.ToString());
        Assert.Equal(settings.RequestBase.Authority, url.Authority); // the presigner picks its own scheme
    }

    [Fact]
    public void Explicit_addressing_wins_over_auto()
    {
        Assert.False(new S3Settings { Endpoint = "http://127.0.0.1:9000", Addressing = S3Addressing.Virtual }.UsesPathStyle);
        Assert.True(new S3Settings { Endpoint = "https://oss-cn-hangzhou.aliyuncs.com", Addressing = S3Addressing.Path }.UsesPathStyle);
    }

    [Theory]
    [InlineData("https://s3.amazonaws.com", "", "us-east-1")]
    [InlineData("https://abc.r2.cloudflarestorage.com", "", "auto")]
    [InlineData("https://abc.r2.cloudflarestorage.com", "auto", "auto")]
    [InlineData("https://s3.amazonaws.com", "eu-west-1", "eu-west-1")]
    public void Signing_region_defaults_sensibly(string endpoint, string region, string expected)
    {
        Assert.Equal(expected, (Good with { Endpoint = endpoint, Region = region }).SigningRegion);
    }

    [Fact]
    public void Good_settings_pass_validation()
    {
        Good.Validate();
        (Good with { Endpoint = "https://abc.r2.cloudflarestorage.com", Region = "auto" }).Validate();
        (Good with { Endpoint = "http://127.0.0.1:9000", Region = "" }).Validate();
    }

    [Theory]
    [InlineData("s3.amazonaws.com", "add https://")]
    [InlineData("", "Endpoint is empty")]
    [InlineData("ftp://s3.amazonaws.com", "not an http(s) URL")]
    [InlineData("https://s3.amazonaws.com?x=1", "query")]
    public void A_bad_endpoint_is_refused(string endpoint, string expected)
    {
        AssertInvalid(Good with { Endpoint = endpoint }, StorageErrorKind.InvalidSettings, expected);
    }

    [Theory]
    [InlineData("", "Bucket is empty")]
    [InlineData("mybucket/backups", "Root Path")]
    [InlineData("my bucket", "spaces")]
    public void A_bad_bucket_is_refused(string bucket, string expected)
    {
        AssertInvalid(Good with { Bucket = bucket }, StorageErrorKind.InvalidSettings, expected);
    }

    [Fact]
    public void Empty_keys_are_refused()
    {
        AssertInvalid(Good with { AccessKeyId = "" }, StorageErrorKind.InvalidSettings, "Access Key ID is empty");
        AssertInvalid(Good with { SecretAccessKey = " " }, StorageErrorKind.InvalidSettings, "Secret Access Key is empty");
    }

    [Theory]
    [InlineData("https://mybucket.s3.us-west-1.amazonaws.com", "set Endpoint to https://s3.us-west-1.amazonaws.com")]
    [InlineData("https://MyBucket.oss-cn-hangzhou.aliyuncs.com", "set Endpoint to https://oss-cn-hangzhou.aliyuncs.com")]
    [InlineData("https://acct.r2.cloudflarestorage.com/mybucket", "set Endpoint to https://acct.r2.cloudflarestorage.com")]
    [InlineData("http://127.0.0.1:9000/mybucket", "set Endpoint to http://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000/mybucket/", "set Endpoint to http://127.0.0.1:9000")]
    public void The_bucket_repeated_in_the_endpoint_is_refused_with_the_endpoint_to_use(string endpoint, string expected)
    {
        var settings = Good with { Endpoint = endpoint, Region = endpoint.Contains("r2.", StringComparison.Ordinal) ? "auto" : "us-east-1" };

        AssertInvalid(settings, StorageErrorKind.BucketInEndpoint, expected);
    }

    [Fact]
    public void A_bucket_named_like_another_host_label_is_fine()
    {
        (Good with { Endpoint = "https://s3.us-west-1.amazonaws.com", Bucket = "us-west-1" }).Validate();
    }

    [Fact]
    public void R2_with_a_region_other_than_auto_is_refused()
    {
        AssertInvalid(Good with { Endpoint = "https://acct.r2.cloudflarestorage.com", Region = "us-west-1" }, StorageErrorKind.InvalidSettings, "set Region to auto");
    }

    [Theory]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    public void A_root_path_with_empty_or_dot_parts_is_refused(string root)
    {
        AssertInvalid(Good with { Root = root }, StorageErrorKind.InvalidSettings, "Root Path");
    }

    [Fact]
    public void Printing_settings_never_shows_the_secret()
    {
        var text = $"{(Good with { Root = "a/b" })}";

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("AKIAIOSFODNN7EXAMPLE", text, StringComparison.Ordinal);
        Assert.Contains("s3:https://s3.us-west-1.amazonaws.com/mybucket/a/b", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_messages_never_show_the_secret()
    {
        var e = Assert.Throws<StorageException>(() => (Good with { Endpoint = Secret }).Validate());

        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    private static void AssertInvalid(S3Settings settings, StorageErrorKind kind, string expected)
    {
        var e = Assert.Throws<StorageException>(settings.Validate);

        Assert.Equal(kind, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }
}
