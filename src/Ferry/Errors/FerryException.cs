namespace Ferry.Errors;

/// <summary>
/// A failure the user can act on. The message is one line that says what went wrong and, where the
/// engine alone knows, what to do about it; a next step that a front end offers (a command, a
/// control) is a <see cref="Remedy"/> it words itself. Never contains a secret. Anything else that
/// escapes the engine is a bug.
/// </summary>
public class FerryException : Exception
{
    /// <inheritdoc/>
    public FerryException() { }

    /// <inheritdoc/>
    public FerryException(string message) : base(message) { }

    /// <inheritdoc/>
    public FerryException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>What to do next, for the front end to word; <see cref="Exception.Message"/> says what went wrong.</summary>
    public Remedy Remedy { get; init; }
}
