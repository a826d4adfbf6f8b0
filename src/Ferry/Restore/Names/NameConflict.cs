using Ferry.Names;

namespace Ferry.Restore.Names;

/// <summary>
/// An entry of a snapshot that the restore target cannot hold under its name: its path in the
/// snapshot, why, and whether renaming (<see cref="Errors.Remedy.RenameUnsafeNames"/>) can restore it under another name (a path too
/// long for the system cannot be helped by renaming one entry).
/// </summary>
public sealed record NameConflict(string Path, string Reason, bool Renamable)
{
    /// <summary>One line for people: the path as <see cref="NameText"/> shows it, and why.</summary>
    public override string ToString() => $"{NameText.Show(Path)}: {Reason}";
}

/// <summary>A restore refused before writing anything: the target cannot hold these names as they are.</summary>
public sealed class UnsafeNamesException : RestoreTargetException
{
    /// <summary>A refusal without a list of conflicts.</summary>
    public UnsafeNamesException() { }

    /// <summary>A refusal that says why, without a list of conflicts.</summary>
    public UnsafeNamesException(string message) : base(message) { }

    /// <summary>A refusal caused by another error.</summary>
    public UnsafeNamesException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>A refusal naming every entry the target cannot hold.</summary>
    public UnsafeNamesException(string message, IReadOnlyList<NameConflict> conflicts) : base(message) => Conflicts = conflicts;

    /// <summary>Every entry the target cannot hold under its name, in snapshot order.</summary>
    public IReadOnlyList<NameConflict> Conflicts { get; } = [];

    /// <summary>True when restoring again with renaming would succeed.</summary>
    public bool Renamable => Conflicts.Count > 0 && Conflicts.All(c => c.Renamable);
}
