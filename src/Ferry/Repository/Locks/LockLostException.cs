using Ferry.Errors;

namespace Ferry.Repository.Locks;

/// <summary>A holder found its lock gone: another process took it for abandoned, and may be deleting what this one relies on.</summary>
public sealed class LockLostException : FerryException
{
    /// <summary>A lost lock, without details.</summary>
    public LockLostException() { }

    /// <summary>A lost lock, and what was lost.</summary>
    public LockLostException(string message) : base(message) { }

    /// <summary>A lost lock, found through another error.</summary>
    public LockLostException(string message, Exception? innerException) : base(message, innerException) { }
}
