using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Trees;

namespace Ferry.Maintenance;

/// <summary>
/// Every blob the given snapshots need: their trees and the chunks of every file in them. A folder
/// shared by many snapshots has one tree id, so it is walked once however many snapshots hold it.
/// </summary>
internal static class ReferenceWalker
{
    public static async Task<HashSet<ChunkId>> CollectAsync(FerryRepository repository, IEnumerable<SnapshotEntry> snapshots, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<ChunkId>();
        var pending = new Stack<ChunkId>();
        foreach (var snapshot in snapshots)
        {
            if (referenced.Add(snapshot.Snapshot.Tree))
            {
                pending.Push(snapshot.Snapshot.Tree);
            }
        }

        while (pending.Count > 0)
        {
            var tree = await repository.LoadTreeAsync(pending.Pop(), cancellationToken).ConfigureAwait(false);
            foreach (var node in tree.Nodes)
            {
                if (node.Type == NodeType.Directory && referenced.Add(node.Subtree!.Value))
                {
                    pending.Push(node.Subtree.Value);
                }
                else if (node.Type == NodeType.File)
                {
                    referenced.UnionWith(node.Content!);
                }
            }
        }

        return referenced;
    }
}
