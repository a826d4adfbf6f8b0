using Ferry.Errors;

namespace Ferry.Repository.Snapshots;

/// <summary>No snapshot matches what the user asked for.</summary>
public sealed class SnapshotNotFoundException : FerryException
{
    /// <inheritdoc/>
    public SnapshotNotFoundException() { }

    /// <inheritdoc/>
    public SnapshotNotFoundException(string message) : base(message) { }

    /// <inheritdoc/>
    public SnapshotNotFoundException(string message, Exception? innerException) : base(message, innerException) { }
}
