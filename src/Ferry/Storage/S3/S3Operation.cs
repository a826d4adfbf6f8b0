namespace Ferry.Storage.S3;

/// <summary>What a failed request was doing, so its message can say so.</summary>
internal enum S3Operation
{
    List,
    Read,
    Write,
    Delete,
}
