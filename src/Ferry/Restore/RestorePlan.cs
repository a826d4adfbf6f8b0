using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Restore;

/// <summary>A file to write: where, its metadata, and where each of its chunks lands.</summary>
internal sealed class PlannedFile(string path, TreeNode node)
{
    private long _remaining = node.Size;

    public string Path { get; } = path;

    public TreeNode Node { get; } = node;

    public bool Damaged { get; set; }

    /// <summary>Counts written bytes down; true when the last one arrived.</summary>
    public bool Wrote(long bytes) => Interlocked.Add(ref _remaining, -bytes) == 0;
}

/// <summary>One blob to read, and every place (file, offset) it must be written to.</summary>
internal sealed record PlannedBlob(ChunkId Id, BlobLocation Location, List<(PlannedFile File, long Offset)> Targets);

/// <summary>
/// Everything a restore will create, worked out from the snapshot's trees before anything is written:
/// folders, files with their chunks grouped by pack (each pack is read once, in as few ranges as
/// possible), and symlinks, which are made last so no write can pass through one.
/// </summary>
internal sealed class RestorePlan
{
    public List<(string Path, TreeNode Node)> Directories { get; } = [];

    public List<PlannedFile> Files { get; } = [];

    public List<(string Path, TreeNode Node)> Symlinks { get; } = [];

    public Dictionary<ChunkId, Dictionary<ChunkId, PlannedBlob>> Packs { get; } = [];

    /// <summary>Files whose chunks are in no index: they cannot be restored.</summary>
    public List<(PlannedFile File, string Reason)> Unrestorable { get; } = [];

    public long TotalBytes { get; private set; }

    public static async Task<RestorePlan> BuildAsync(FerryRepository repository, Snapshot snapshot, string target, IReadOnlyList<string> includes, CancellationToken cancellationToken)
    {
        var plan = new RestorePlan();
        var index = await repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        var root = await repository.LoadTreeAsync(snapshot.Tree, cancellationToken).ConfigureAwait(false);
        var filter = new IncludeFilter(IncludeFilter.Normalize(includes));

        // One folder backed up: its contents land directly in the target, as on the device it came from.
        if (snapshot.Paths.Count == 1 && root.Nodes is [{ Type: NodeType.Directory } only])
        {
            plan.Directories.Add((target, only));
            await plan.AddTreeAsync(repository, index, only.Subtree!.Value, target, "", filter, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            plan.Directories.Add((target, new TreeNode { Name = "", Type = NodeType.Directory, Mode = 0, MTimeNs = 0, Subtree = snapshot.Tree }));
            await plan.AddNodesAsync(repository, index, root, target, "", filter, cancellationToken).ConfigureAwait(false);
        }

        if (filter.Unmatched.FirstOrDefault() is { } missing)
        {
            throw new RestoreTargetException($"--include '{missing}' is not in the snapshot: see 'ferry ls' for its paths");
        }

        return plan;
    }

    private async Task AddTreeAsync(FerryRepository repository, MasterIndex index, ChunkId treeId, string path, string relative, IncludeFilter filter, CancellationToken cancellationToken)
    {
        Tree tree;
        try
        {
            tree = await repository.LoadTreeAsync(treeId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (relative.Length > 0 && e is CorruptDataException or Storage.ObjectNotFoundException)
        {
            // A damaged folder listing costs that folder, not the whole restore: it is left out and named.
            Directories.RemoveAll(d => d.Path == path);
            Unrestorable.Add((new PlannedFile(path, new TreeNode { Name = System.IO.Path.GetFileName(path), Type = NodeType.Directory, Subtree = treeId }) { Damaged = true }, $"its folder listing (tree {treeId.ToShortString()}) is damaged: {e.Message}"));
            return;
        }

        await AddNodesAsync(repository, index, tree, path, relative, filter, cancellationToken).ConfigureAwait(false);
    }

    private async Task AddNodesAsync(FerryRepository repository, MasterIndex index, Tree tree, string path, string relative, IncludeFilter filter, CancellationToken cancellationToken)
    {
        foreach (var node in tree.Nodes)
        {
            var childPath = System.IO.Path.Join(path, node.Name);
            var childRelative = relative.Length == 0 ? node.Name : $"{relative}/{node.Name}";
            if (!filter.Wants(childRelative, node.Type == NodeType.Directory))
            {
                continue;
            }

            switch (node.Type)
            {
                case NodeType.Directory:
                    Directories.Add((childPath, node));
                    await AddTreeAsync(repository, index, node.Subtree!.Value, childPath, childRelative, filter, cancellationToken).ConfigureAwait(false);
                    break;
                case NodeType.Symlink:
                    Symlinks.Add((childPath, node));
                    break;
                default:
                    AddFile(index, new PlannedFile(childPath, node));
                    break;
            }
        }
    }

    private void AddFile(MasterIndex index, PlannedFile file)
    {
        Files.Add(file);
        TotalBytes += file.Node.Size;
        long offset = 0;
        var placed = new List<(ChunkId Id, BlobLocation Location, long Offset)>();
        foreach (var id in file.Node.Content!)
        {
            if (!index.TryGet(id, out var location))
            {
                Unrestorable.Add((file, $"chunk {id.ToShortString()} is in no index"));
                file.Damaged = true;
                return;
            }

            placed.Add((id, location, offset));
            offset += location.RawLength;
        }

        if (offset != file.Node.Size)
        {
            Unrestorable.Add((file, $"its chunks add up to {offset} bytes, not {file.Node.Size}"));
            file.Damaged = true;
            return;
        }

        foreach (var (id, location, at) in placed)
        {
            if (!Packs.TryGetValue(location.Pack, out var blobs))
            {
                Packs[location.Pack] = blobs = [];
            }

            if (!blobs.TryGetValue(id, out var blob))
            {
                blobs[id] = blob = new PlannedBlob(id, location, []);
            }

            blob.Targets.Add((file, at));
        }
    }
}
