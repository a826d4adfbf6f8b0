using Ferry.Errors;

namespace Ferry.Repository.Locks;

/// <summary>Another process holds a lock that conflicts with the one asked for, for longer than we waited.</summary>
public sealed class RepositoryLockedException : FerryException
{
    /// <inheritdoc/>
    public RepositoryLockedException() { }

    /// <inheritdoc/>
    public RepositoryLockedException(string message) : base(message) { }

    /// <inheritdoc/>
    public RepositoryLockedException(string message, Exception? innerException) : base(message, innerException) { }
}
