using Ferry.Errors;

namespace Ferry.Repository;

/// <summary>
/// Stored bytes failed verification: a wrong authentication tag, a hash that does not match the
/// object's name or the chunk's id, or a structure that does not parse. Never retried, never ignored.
/// </summary>
public sealed class CorruptDataException : FerryException
{
    /// <inheritdoc/>
    public CorruptDataException() { }

    /// <inheritdoc/>
    public CorruptDataException(string message) : base(message) { }

    /// <inheritdoc/>
    public CorruptDataException(string message, Exception? innerException) : base(message, innerException) { }
}
