using Ferry.Repository.Trees;

namespace Ferry.Backup.Live;

/// <summary>How a file of a group ended up in the snapshot.</summary>
internal enum CaptureKind
{
    /// <summary>Unchanged since the parent snapshot: its chunks are reused without reading it.</summary>
    Unchanged,

    /// <summary>Read (or copied) and chunked.</summary>
    Read,

    /// <summary>Left out on purpose: a <c>-wal</c>, <c>-shm</c> or <c>-journal</c> whose content the database copy already holds.</summary>
    Omitted,
}

/// <summary>One file of a captured group: its node (null when omitted) and how it was obtained.</summary>
internal readonly record struct CapturedFile(TreeNode? Node, CaptureKind Kind);

/// <summary>A captured group: a node per file name, and the problem to report when the group never stood still.</summary>
internal sealed record GroupCapture(IReadOnlyDictionary<string, CapturedFile> Files, FileProblem? Problem);
