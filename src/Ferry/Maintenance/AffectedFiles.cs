using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Maintenance;

/// <summary>Finds which files of which snapshots use damaged blobs, so a report can name them.</summary>
internal static class AffectedFiles
{
    /// <summary>Blob id → "snapshot: path" entries. Damaged trees name the folder they describe.</summary>
    public static async Task<Dictionary<ChunkId, List<string>>> FindAsync(FerryRepository repository, IEnumerable<SnapshotEntry> snapshots, IReadOnlySet<ChunkId> damaged, CancellationToken cancellationToken)
    {
        var affected = damaged.ToDictionary(id => id, _ => new List<string>());
        foreach (var snapshot in snapshots)
        {
            await WalkAsync(repository, snapshot.ShortId, snapshot.Snapshot.Tree, "/", 0, affected, cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }

    private static async Task WalkAsync(FerryRepository repository, string snapshot, ChunkId treeId, string path, int depth, Dictionary<ChunkId, List<string>> affected, CancellationToken cancellationToken)
    {
        if (affected.TryGetValue(treeId, out var folderUsers))
        {
            folderUsers.Add($"{snapshot}: {Names.NameText.Show(path)} (folder listing)");
            return;
        }

        Tree tree;
        try
        {
            await TreeDepth.EnterAsync(depth, $"tree {treeId.ToShortString()}").ConfigureAwait(false);
            tree = await repository.LoadTreeAsync(treeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CorruptDataException)
        {
            return; // reported on its own by the structure check
        }

        foreach (var node in tree.Nodes)
        {
            var child = path == "/" ? $"/{node.Name}" : $"{path}/{node.Name}";
            if (node.Type == NodeType.Directory)
            {
                await WalkAsync(repository, snapshot, node.Subtree!.Value, child, depth + 1, affected, cancellationToken).ConfigureAwait(false);
            }
            else if (node.Type == NodeType.File)
            {
                foreach (var id in node.Content!.Distinct())
                {
                    if (affected.TryGetValue(id, out var users))
                    {
                        users.Add($"{snapshot}: {Names.NameText.Show(child)}");
                    }
                }
            }
        }
    }
}
