namespace Ferry.Errors;

/// <summary>
/// A failure the user can act on. The message is one line that says what went wrong and what to
/// do about it, and never contains a secret. Anything else that escapes the engine is a bug.
/// </summary>
public class FerryException : Exception
{
    /// <inheritdoc/>
    public FerryException() { }

    /// <inheritdoc/>
    public FerryException(string message) : base(message) { }

    /// <inheritdoc/>
    public FerryException(string message, Exception? innerException) : base(message, innerException) { }
}
