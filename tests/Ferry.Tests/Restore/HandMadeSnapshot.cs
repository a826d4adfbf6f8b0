using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Restore;

/// <summary>
/// Snapshots written tree by tree, holding what no backup here would make: another system's names,
/// or what a hostile or broken device holding the key could write.
/// </summary>
public static class HandMadeSnapshot
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A new in-memory repository with one snapshot of the folder "/App" holding <paramref name="nodes"/>.</summary>
    public static async Task<(FerryRepository Repository, SnapshotEntry Snapshot)> WithAsync(params TreeNode[] nodes) =>
        await WithAsync(await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "h", TimeProvider.System, None), nodes);

    /// <summary>One snapshot of the folder "/App" holding <paramref name="nodes"/>, in <paramref name="repository"/>.</summary>
    public static async Task<(FerryRepository Repository, SnapshotEntry Snapshot)> WithAsync(FerryRepository repository, params TreeNode[] nodes)
    {
        var folder = await SaveTreeAsync(repository, new Tree { Nodes = nodes });
        var root = await SaveTreeAsync(repository, new Tree { Nodes = [new TreeNode { Name = "App", Type = NodeType.Directory, Subtree = folder }] });
        var id = await repository.SaveSnapshotAsync(new Snapshot { Host = "h", Paths = ["/App"], Tree = root, Time = DateTimeOffset.UnixEpoch }, None);
        return (repository, await repository.FindSnapshotAsync(id, null, None));
    }

    public static async Task<ChunkId> SaveTreeAsync(FerryRepository repository, Tree tree)
    {
        await using var saver = new BlobSaver(repository, await repository.LoadIndexAsync(None), 1, 1, None);
        var id = await SaveTreeAsync(repository, saver, tree);
        await saver.FlushAsync();
        return id;
    }

    /// <summary>Saves a tree through a saver the caller flushes: many trees in few packs.</summary>
    internal static async Task<ChunkId> SaveTreeAsync(FerryRepository repository, BlobSaver saver, Tree tree)
    {
        var json = tree.ToJson();
        var id = repository.Key.IdOf(json);
        await saver.SaveAsync(BlobType.Tree, id, json, None);
        return id;
    }
}
