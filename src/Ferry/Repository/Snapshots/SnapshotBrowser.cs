using System.Runtime.CompilerServices;
using Ferry.Repository.Crypto;
using Ferry.Repository.Trees;

namespace Ferry.Repository.Snapshots;

/// <summary>
/// Lists a snapshot's entries by the paths they get when restored: a snapshot of one folder shows
/// that folder's contents at the top, a snapshot of several paths shows one entry per path.
/// </summary>
public static class SnapshotBrowser
{
    /// <summary>Every entry of the snapshot (or of the folder <paramref name="below"/> in it), depth first, with its path.</summary>
    public static async IAsyncEnumerable<(string Path, TreeNode Node)> WalkAsync(
        FerryRepository repository, Snapshot snapshot, string? below, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(snapshot);
        var start = await TopTreeAsync(repository, snapshot, cancellationToken).ConfigureAwait(false);
        var prefix = Names.NameText.ParsePath(below ?? "");
        await foreach (var entry in WalkTreeAsync(repository, start, "", prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>
    /// Depth-first, in name order: a folder comes right before its contents. Walked with a stack of its
    /// own, not by recursion: the trees come from the bucket and may nest deeper than a thread's stack.
    /// </summary>
    private static async IAsyncEnumerable<(string Path, TreeNode Node)> WalkTreeAsync(
        FerryRepository repository, ChunkId treeId, string path, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var open = new Stack<(IEnumerator<TreeNode> Nodes, string Path)>();
        open.Push((await LoadNodesAsync(repository, treeId, open.Count, cancellationToken).ConfigureAwait(false), path));
        while (open.TryPeek(out var folder))
        {
            if (!folder.Nodes.MoveNext())
            {
                open.Pop().Nodes.Dispose();
                continue;
            }

            var node = folder.Nodes.Current;
            var child = folder.Path.Length == 0 ? node.Name : $"{folder.Path}/{node.Name}";
            var inside = prefix.Length == 0 || child == prefix || child.StartsWith(prefix + "/", StringComparison.Ordinal);
            if (inside)
            {
                yield return (child, node);
            }

            if (node.Type == NodeType.Directory && (inside || prefix.StartsWith(child + "/", StringComparison.Ordinal)))
            {
                open.Push((await LoadNodesAsync(repository, node.Subtree!.Value, open.Count, cancellationToken).ConfigureAwait(false), child));
            }
        }
    }

    private static async Task<IEnumerator<TreeNode>> LoadNodesAsync(FerryRepository repository, ChunkId treeId, int depth, CancellationToken cancellationToken)
    {
        if (depth > TreeDepth.Max)
        {
            throw new CorruptDataException($"tree {treeId.ToShortString()} nests folders more than {TreeDepth.Max} levels deep: it is damaged or was not written by Ferry");
        }

        return (await repository.LoadTreeAsync(treeId, cancellationToken).ConfigureAwait(false)).Nodes.GetEnumerator();
    }

    /// <summary>The tree whose entries appear at the top of a restore: the folder itself for a one-folder snapshot.</summary>
    internal static async Task<ChunkId> TopTreeAsync(FerryRepository repository, Snapshot snapshot, CancellationToken cancellationToken)
    {
        var root = await repository.LoadTreeAsync(snapshot.Tree, cancellationToken).ConfigureAwait(false);
        return snapshot.Paths.Count == 1 && root.Nodes is [{ Type: NodeType.Directory, Subtree: { } only }] ? only : snapshot.Tree;
    }
}
