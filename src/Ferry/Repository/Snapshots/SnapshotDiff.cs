using Ferry.Repository.Crypto;
using Ferry.Repository.Trees;

namespace Ferry.Repository.Snapshots;

/// <summary>How an entry differs between two snapshots.</summary>
public enum ChangeKind
{
    /// <summary>Only in the second snapshot.</summary>
    Added,
    /// <summary>Only in the first snapshot.</summary>
    Removed,
    /// <summary>In both, with different content, type or size.</summary>
    Changed,
}

/// <summary>One difference: the path (as it is restored), and its size before and after (null when absent).</summary>
public sealed record SnapshotChange(ChangeKind Kind, string Path, NodeType Type, long? SizeBefore, long? SizeAfter);

/// <summary>
/// Compares two snapshots entry by entry. Folders with the same tree id are identical and skipped
/// without being read, so comparing two backups a day apart touches only what changed.
/// </summary>
public static class SnapshotDiff
{
    /// <summary>What was added, removed and changed from <paramref name="before"/> to <paramref name="after"/>, in path order; equal subtrees are skipped unread.</summary>
    public static async Task<IReadOnlyList<SnapshotChange>> CompareAsync(FerryRepository repository, Snapshot before, Snapshot after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<SnapshotChange>();
        await CompareTreesAsync(repository, await SnapshotBrowser.TopTreeAsync(repository, before, cancellationToken).ConfigureAwait(false),
            await SnapshotBrowser.TopTreeAsync(repository, after, cancellationToken).ConfigureAwait(false), "", 1, changes, cancellationToken).ConfigureAwait(false);
        return changes;
    }

    private static async Task CompareTreesAsync(FerryRepository repository, ChunkId? before, ChunkId? after, string path, int depth, List<SnapshotChange> changes, CancellationToken cancellationToken)
    {
        if (before == after)
        {
            return;
        }

        await TreeDepth.EnterAsync(depth, $"the folder '{path}'").ConfigureAwait(false);
        var left = before is { } l ? (await repository.LoadTreeAsync(l, cancellationToken).ConfigureAwait(false)).Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal) : [];
        var right = after is { } r ? (await repository.LoadTreeAsync(r, cancellationToken).ConfigureAwait(false)).Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal) : [];
        foreach (var name in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
        {
            var child = path.Length == 0 ? name : $"{path}/{name}";
            var a = left.GetValueOrDefault(name);
            var b = right.GetValueOrDefault(name);
            if (a?.Type == NodeType.Directory || b?.Type == NodeType.Directory)
            {
                await CompareFoldersAsync(repository, a, b, child, depth + 1, changes, cancellationToken).ConfigureAwait(false);
            }
            else if (a is null)
            {
                changes.Add(new SnapshotChange(ChangeKind.Added, child, b!.Type, null, b.Size));
            }
            else if (b is null)
            {
                changes.Add(new SnapshotChange(ChangeKind.Removed, child, a.Type, a.Size, null));
            }
            else if (a.Type != b.Type || a.Target != b.Target || !SameContent(a, b))
            {
                changes.Add(new SnapshotChange(ChangeKind.Changed, child, b.Type, a.Size, b.Size));
            }
        }
    }

    /// <summary>A folder on either side: recurse, reporting a type change (file became folder) as a removal plus additions.</summary>
    private static async Task CompareFoldersAsync(FerryRepository repository, TreeNode? a, TreeNode? b, string path, int depth, List<SnapshotChange> changes, CancellationToken cancellationToken)
    {
        if (a is { Type: not NodeType.Directory })
        {
            changes.Add(new SnapshotChange(ChangeKind.Removed, path, a.Type, a.Size, null));
            a = null;
        }

        if (b is { Type: not NodeType.Directory })
        {
            changes.Add(new SnapshotChange(ChangeKind.Added, path, b.Type, null, b.Size));
            b = null;
        }

        if (a is null && b is not null)
        {
            changes.Add(new SnapshotChange(ChangeKind.Added, path, NodeType.Directory, null, null));
        }
        else if (b is null && a is not null)
        {
            changes.Add(new SnapshotChange(ChangeKind.Removed, path, NodeType.Directory, null, null));
        }

        await CompareTreesAsync(repository, a?.Subtree, b?.Subtree, path, depth, changes, cancellationToken).ConfigureAwait(false);
    }

    private static bool SameContent(TreeNode a, TreeNode b) =>
        a.Size == b.Size && (a.Content ?? []).SequenceEqual(b.Content ?? []);
}
