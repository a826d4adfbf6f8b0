using Ferry.Errors;

namespace Ferry.Repository;

/// <summary>The location holds no Ferry repository.</summary>
public sealed class RepositoryNotInitializedException : FerryException
{
    /// <inheritdoc/>
    public RepositoryNotInitializedException() { }

    /// <inheritdoc/>
    public RepositoryNotInitializedException(string message) : base(message) { }

    /// <inheritdoc/>
    public RepositoryNotInitializedException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>No key of the repository opens with the given password.</summary>
public sealed class WrongPasswordException : FerryException
{
    /// <inheritdoc/>
    public WrongPasswordException() { }

    /// <inheritdoc/>
    public WrongPasswordException(string message) : base(message) { }

    /// <inheritdoc/>
    public WrongPasswordException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The location no longer holds the repository this device's cached key opened: it was replaced or removed.</summary>
public sealed class RepositoryChangedException : FerryException
{
    /// <inheritdoc/>
    public RepositoryChangedException() { }

    /// <inheritdoc/>
    public RepositoryChangedException(string message) : base(message) { }

    /// <inheritdoc/>
    public RepositoryChangedException(string message, Exception? innerException) : base(message, innerException) { }
}
