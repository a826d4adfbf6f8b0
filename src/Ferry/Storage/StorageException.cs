using Ferry.Errors;

namespace Ferry.Storage;

/// <summary>What kind of storage failure happened: drives retries, exit codes and the "Test connection" report.</summary>
public enum StorageErrorKind
{
    /// <summary>None of the kinds below.</summary>
    Other,
    /// <summary>The object does not exist.</summary>
    NotFound,
    /// <summary>The provider does not know the access key id.</summary>
    UnknownAccessKey,
    /// <summary>The secret access key does not match the access key id.</summary>
    WrongSecretKey,
    /// <summary>The key may not do this in this bucket.</summary>
    AccessDenied,
    /// <summary>The bucket does not exist.</summary>
    BucketMissing,
    /// <summary>The endpoint already names the bucket.</summary>
    BucketInEndpoint,
    /// <summary>The bucket lives in another region than the one requests are signed for.</summary>
    RegionMismatch,
    /// <summary>The endpoint could not be reached (DNS, connection refused, no route).</summary>
    Unreachable,
    /// <summary>The TLS handshake failed, e.g. an untrusted certificate.</summary>
    Tls,
    /// <summary>The settings are wrong before any request is sent.</summary>
    InvalidSettings,
    /// <summary>The provider asked to slow down (503 SlowDown) and retries did not get through.</summary>
    Throttled,
    /// <summary>The provider failed (5xx) and retries did not get through.</summary>
    ServerError,
    /// <summary>The provider did not answer in time.</summary>
    Timeout,
    /// <summary>The provider returned data that is not what was stored.</summary>
    Corrupt,
}

/// <summary>A store could not do what was asked. <see cref="IsTransient"/> says whether trying again may help.</summary>
public class StorageException : FerryException
{
    /// <inheritdoc/>
    public StorageException() { }

    /// <inheritdoc/>
    public StorageException(string message) : base(message) { }

    /// <inheritdoc/>
    public StorageException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>A failure of the given kind, with a message that says what to do.</summary>
    public StorageException(string message, StorageErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        // Damage is a repository's matter: a check says what it touches.
        Remedy = kind == StorageErrorKind.Corrupt ? Remedy.CheckRepository : Remedy.None;
    }

    /// <summary>What went wrong, for callers that react to it (retry, a settings hint).</summary>
    public StorageErrorKind Kind { get; }

    /// <summary>
    /// Set when the store gave up because the provider said nothing for this long (no answer, or a body
    /// that stopped): such a failure costs that whole wait, so retries of it are fewer.
    /// </summary>
    public TimeSpan? Silence { get; init; }

    /// <summary>True for failures worth retrying: throttling, 5xx, resets, timeouts.</summary>
    public bool IsTransient => Kind is StorageErrorKind.Throttled or StorageErrorKind.ServerError or StorageErrorKind.Timeout;

    /// <summary>An object larger than its kind may be: damaged or planted, and not worth the memory to read.</summary>
    public static StorageException TooLarge(string location, string key, long size, long maxSize) => new(
        $"object '{key}' in {location} has {size} bytes, more than the {maxSize} its kind may have: it is damaged or was put there by someone else",
        StorageErrorKind.Corrupt);
}

/// <summary>The key does not exist in the store.</summary>
public sealed class ObjectNotFoundException : StorageException
{
    /// <inheritdoc/>
    public ObjectNotFoundException() { }

    /// <inheritdoc/>
    public ObjectNotFoundException(string key) : base($"object '{key}' does not exist", StorageErrorKind.NotFound) => Key = key;

    /// <inheritdoc/>
    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The key of the missing object.</summary>
    public string Key { get; } = "";
}
