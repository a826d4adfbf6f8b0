namespace Ferry.Storage.S3;

/// <summary>How the bucket name travels in a request: in the path or in the host name.</summary>
public enum S3Addressing
{
    /// <summary>Virtual-hosted for providers that require it (Alibaba OSS, Tencent COS, Volcengine TOS); path-style otherwise.</summary>
    Auto,

    /// <summary><c>https://endpoint/bucket/key</c>: MinIO, Ceph RGW, Cloudflare R2, most self-hosted servers.</summary>
    Path,

    /// <summary><c>https://bucket.endpoint/key</c>.</summary>
    Virtual,
}
