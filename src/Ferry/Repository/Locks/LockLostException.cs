using Ferry.Errors;

namespace Ferry.Repository.Locks;

/// <summary>A holder found its lock gone: another process took it for abandoned, and may be deleting what this one relies on.</summary>
public sealed class LockLostException : FerryException
{
    public LockLostException() { }

    public LockLostException(string message) : base(message) { }

    public LockLostException(string message, Exception? innerException) : base(message, innerException) { }
}
