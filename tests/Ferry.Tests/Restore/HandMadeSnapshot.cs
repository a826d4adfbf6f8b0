using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Tests.Restore;

/// <summary>Snapshots written by hand, as a hostile or broken device holding the key could write them.</summary>
internal static class HandMadeSnapshot
{
    /// <summary>A snapshot of one folder "App" holding <paramref name="nodes"/>.</summary>
    public static async Task<SnapshotEntry> WithAsync(FerryRepository repository, params TreeNode[] nodes)
    {
        var folder = await SaveTreeAsync(repository, new Tree { Nodes = nodes });
        var root = await SaveTreeAsync(repository, new Tree { Nodes = [new TreeNode { Name = "App", Type = NodeType.Directory, Subtree = folder }] });
        var id = await repository.SaveSnapshotAsync(new Snapshot { Host = "h", Paths = ["/App"], Tree = root, Time = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        return await repository.FindSnapshotAsync(id, null, CancellationToken.None);
    }

    public static async Task<ChunkId> SaveTreeAsync(FerryRepository repository, Tree tree)
    {
        await using var saver = new BlobSaver(repository, await repository.LoadIndexAsync(CancellationToken.None), 1, 1, CancellationToken.None);
        var id = await SaveTreeAsync(repository, saver, tree);
        await saver.FlushAsync();
        return id;
    }

    public static async Task<ChunkId> SaveTreeAsync(FerryRepository repository, BlobSaver saver, Tree tree)
    {
        var json = tree.ToJson();
        var id = repository.Key.IdOf(json);
        await saver.SaveAsync(BlobType.Tree, id, json, CancellationToken.None);
        return id;
    }
}
