using Ferry.Errors;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Restore.Names;

namespace Ferry.Restore;

/// <summary>
/// Walks a snapshot's trees for a restore, twice. <see cref="CountAsync"/> adds up what will be
/// written (the space check and the progress bar need totals, and a wrong <c>--include</c> must fail
/// before anything is written); <see cref="PlanAsync"/> then hands the work out in batches of a
/// bounded number of files (<see cref="MaxBatchFiles"/> by default), so a restore's memory does not
/// grow with the number of files (100,000 small files planned at once took 130 MB). The first walk
/// also checks every name against the target (<see cref="RestoreNames"/>); the second writes each
/// entry under the name it gets on disk. Folders and
/// symlinks are remembered for the end: folder times are set last, deepest first, and symlinks are
/// made last so no write passes through one.
/// </summary>
internal sealed class RestoreWalk
{
    /// <summary>Files per batch: ~1 KB of plan each. Packs a batch shares with the next are read again, in ranges.</summary>
    public const int MaxBatchFiles = 20_000;

    /// <summary>Chunk placements per batch: bounds batches of few files with many chunks.</summary>
    public const int MaxBatchPlacements = 100_000;

    private readonly FerryRepository _repository;
    private readonly Snapshot _snapshot;
    private readonly IReadOnlyList<string> _includes;
    private readonly RestoreNames _names;
    private bool _named;

    private RestoreWalk(FerryRepository repository, Snapshot snapshot, IReadOnlyList<string> includes, RestoreNames names)
    {
        _repository = repository;
        _snapshot = snapshot;
        _includes = includes;
        _names = names;
    }

    private enum Visit
    {
        Directory,
        File,
        Symlink,
        DamagedDirectory,
    }

    public long FileCount { get; private set; }

    public long TotalBytes { get; private set; }

    /// <summary>Every folder the restore creates, parents before children (filled by <see cref="PlanAsync"/>).</summary>
    public List<(string Path, TreeNode Node)> Directories { get; } = [];

    /// <summary>Every symlink to make once all files are written (filled by <see cref="PlanAsync"/>).</summary>
    public List<(string Path, TreeNode Node)> Symlinks { get; } = [];

    /// <summary>The first walk, over the paths the entries get in <paramref name="target"/>: totals, every name checked, and a clear error for an <c>--include</c> that names nothing.</summary>
    public static async Task<RestoreWalk> CountAsync(FerryRepository repository, Snapshot snapshot, string target, IReadOnlyList<string> includes, RestoreNames names, CancellationToken cancellationToken)
    {
        var walk = new RestoreWalk(repository, snapshot, includes, names);
        var filter = new IncludeFilter(includes);
        await walk.WalkAsync(target, filter, (kind, _, node, _) =>
        {
            if (kind == Visit.File)
            {
                walk.FileCount++;
                walk.TotalBytes += node.Size;
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        if (filter.Unmatched.FirstOrDefault() is { } missing)
        {
            throw new RestoreTargetException($"the path to restore {Ferry.Names.NameText.Show(missing)} is not in the snapshot") { Remedy = Remedy.ListSnapshotPaths };
        }

        walk._named = true;
        return walk;
    }

    /// <summary>The second walk, into <paramref name="target"/> (the staging folder): hands each batch of <paramref name="batchFiles"/> files, then the last one, to <paramref name="write"/>.</summary>
    public async Task PlanAsync(string target, int batchFiles, Func<RestorePlan, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var index = await _repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        var batch = new RestorePlan();
        await WalkAsync(target, new IncludeFilter(_includes), async (kind, path, node, reason) =>
        {
            switch (kind)
            {
                case Visit.Directory:
                    Directories.Add((path, node));
                    batch.Directories.Add((path, node));
                    break;
                case Visit.Symlink:
                    Symlinks.Add((path, node));
                    break;
                case Visit.DamagedDirectory:
                    // A damaged folder listing costs that folder, not the whole restore: it is left out and named.
                    batch.Unrestorable.Add((new PlannedFile(path, node) { Damaged = true }, reason!));
                    break;
                default:
                    batch.AddFile(index, new PlannedFile(path, node));
                    if (batch.Files.Count >= batchFiles || batch.Placements >= MaxBatchPlacements)
                    {
                        await write(batch, cancellationToken).ConfigureAwait(false);
                        batch = new RestorePlan();
                    }

                    break;
            }
        }, cancellationToken).ConfigureAwait(false);
        await write(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task WalkAsync(string target, IncludeFilter filter, Func<Visit, string, TreeNode, string?, ValueTask> visit, CancellationToken cancellationToken)
    {
        var root = await _repository.LoadTreeAsync(_snapshot.Tree, cancellationToken).ConfigureAwait(false);

        // One folder backed up: its contents land directly in the target, as on the device it came from.
        if (_snapshot.Paths.Count == 1 && root.Nodes is [{ Type: NodeType.Directory } only])
        {
            await visit(Visit.Directory, target, only, null).ConfigureAwait(false);
            var tree = await _repository.LoadTreeAsync(only.Subtree!.Value, cancellationToken).ConfigureAwait(false);
            await WalkNodesAsync(tree, target, "", 1, filter, visit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await visit(Visit.Directory, target, new TreeNode { Name = "", Type = NodeType.Directory, Mode = 0, MTimeNs = 0, Subtree = _snapshot.Tree }, null).ConfigureAwait(false);
            await WalkNodesAsync(root, target, "", 1, filter, visit, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WalkNodesAsync(Tree tree, string path, string relative, int depth, IncludeFilter filter, Func<Visit, string, TreeNode, string?, ValueTask> visit, CancellationToken cancellationToken)
    {
        var wanted = tree.Nodes.Select(n => (Node: n, Relative: Child(relative, n.Name))).Where(n => filter.Wants(n.Relative, n.Node.Type == NodeType.Directory)).ToList();
        if (!_named)
        {
            _names.Plan(path, relative, [.. wanted.Select(n => n.Node)]);
        }

        foreach (var (node, childRelative) in wanted)
        {
            var childPath = Path.Join(path, _names.OnDisk(childRelative, node.Name));
            switch (node.Type)
            {
                case NodeType.Directory:
                    var subtree = await TryLoadAsync(node.Subtree!.Value, depth + 1, cancellationToken).ConfigureAwait(false);
                    if (subtree.Tree is null)
                    {
                        await visit(Visit.DamagedDirectory, childPath, node, $"its folder listing (tree {node.Subtree!.Value.ToShortString()}) is damaged: {subtree.Error}").ConfigureAwait(false);
                        break;
                    }

                    await visit(Visit.Directory, childPath, node, null).ConfigureAwait(false);
                    await WalkNodesAsync(subtree.Tree, childPath, childRelative, depth + 1, filter, visit, cancellationToken).ConfigureAwait(false);
                    break;
                case NodeType.Symlink:
                    await visit(Visit.Symlink, childPath, node, null).ConfigureAwait(false);
                    break;
                default:
                    await visit(Visit.File, childPath, node, null).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static string Child(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private async Task<(Tree? Tree, string? Error)> TryLoadAsync(ChunkId id, int depth, CancellationToken cancellationToken)
    {
        try
        {
            await TreeDepth.EnterAsync(depth, $"tree {id.ToShortString()}").ConfigureAwait(false);
            return (await _repository.LoadTreeAsync(id, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is CorruptDataException or Storage.ObjectNotFoundException)
        {
            return (null, e.Message);
        }
    }
}
