using Ferry.Errors;

namespace Ferry.Storage;

/// <summary>What kind of storage failure happened: drives retries, exit codes and the "Test connection" report.</summary>
public enum StorageErrorKind
{
    Other,
    NotFound,
    UnknownAccessKey,
    WrongSecretKey,
    AccessDenied,
    BucketMissing,
    BucketInEndpoint,
    RegionMismatch,
    Unreachable,
    Tls,
    InvalidSettings,
    Throttled,
    ServerError,
    Timeout,
    Corrupt,
}

/// <summary>A store could not do what was asked. <see cref="IsTransient"/> says whether trying again may help.</summary>
public class StorageException : FerryException
{
    public StorageException() { }

    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception? innerException) : base(message, innerException) { }

    public StorageException(string message, StorageErrorKind kind, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public StorageErrorKind Kind { get; }

    /// <summary>True for failures worth retrying: throttling, 5xx, resets, timeouts.</summary>
    public bool IsTransient => Kind is StorageErrorKind.Throttled or StorageErrorKind.ServerError or StorageErrorKind.Timeout;

    /// <summary>An object larger than its kind may be: damaged or planted, and not worth the memory to read.</summary>
    public static StorageException TooLarge(string location, string key, long size, long maxSize) => new(
        $"object '{key}' in {location} has {size} bytes, more than the {maxSize} its kind may have: it is damaged or was put there by someone else; run 'ferry check'",
        StorageErrorKind.Corrupt);
}

/// <summary>The key does not exist in the store.</summary>
public sealed class ObjectNotFoundException : StorageException
{
    public ObjectNotFoundException() { }

    public ObjectNotFoundException(string key) : base($"object '{key}' does not exist", StorageErrorKind.NotFound) => Key = key;

    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    public string Key { get; } = "";
}
