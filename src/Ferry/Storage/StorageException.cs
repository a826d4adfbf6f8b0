namespace Ferry.Storage;

/// <summary>A store could not do what was asked. <see cref="IsTransient"/> says whether trying again may help.</summary>
public class StorageException : Exception
{
    public StorageException() { }

    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception? innerException) : base(message, innerException) { }

    public StorageException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True for failures worth retrying: throttling, 5xx, resets, timeouts.</summary>
    public bool IsTransient { get; }
}

/// <summary>The key does not exist in the store.</summary>
public sealed class ObjectNotFoundException : StorageException
{
    public ObjectNotFoundException() { }

    public ObjectNotFoundException(string key) : base($"object '{key}' does not exist") => Key = key;

    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    public string Key { get; } = "";
}
