using Ferry.Errors;

namespace Ferry.Restore;

/// <summary>The restore target cannot be used as it is (not empty, a file, not enough space, names it cannot hold).</summary>
public class RestoreTargetException : FerryException
{
    /// <inheritdoc/>
    public RestoreTargetException() { }

    /// <inheritdoc/>
    public RestoreTargetException(string message) : base(message) { }

    /// <inheritdoc/>
    public RestoreTargetException(string message, Exception? innerException) : base(message, innerException) { }
}
