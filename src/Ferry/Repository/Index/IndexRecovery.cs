using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Repository.Index;

/// <summary>
/// Finds packs that are stored but in no index (a backup was interrupted after uploading them, or an
/// index object was lost) and indexes them from their own headers, so their chunks are found and
/// reused. Packs another device is uploading right now may be picked up too; that is harmless.
/// </summary>
/// <remarks>
/// Every index load recovers in memory. Only a command holding a lock writes the recovered entries
/// as an index object (<see cref="PersistAsync"/>): an unlocked reader (ls, diff) writing one could
/// race a prune that is deleting those very packs as leftovers, leaving an index that names packs
/// that are gone.
/// </remarks>
internal static class IndexRecovery
{
    /// <summary>Every stored pack (the listing of <c>data/</c>).</summary>
    public static async Task<List<ObjectInfo>> ListPacksAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var packs = new List<ObjectInfo>();
        await foreach (var o in repository.Store.ListAsync(PackNames.Prefix, cancellationToken).ConfigureAwait(false))
        {
            packs.Add(o);
        }

        return packs;
    }

    /// <summary>
    /// Indexes, in memory, the <paramref name="stored"/> packs no index object names; remembers them in
    /// <see cref="MasterIndex.Recovered"/>. The listing is taken while the index objects are read, so
    /// a pack another device stores at that moment may be in neither: this run then stores its chunks
    /// again, which costs bytes but loses nothing.
    /// </summary>
    public static async Task<int> RecoverAsync(FerryRepository repository, MasterIndex index, IReadOnlyList<ObjectInfo> stored, CancellationToken cancellationToken)
    {
        var orphans = new List<ObjectInfo>();
        foreach (var o in stored)
        {
            if (PackNames.TryParseKey(o.Key, out var id) && !index.ContainsPack(id))
            {
                orphans.Add(o);
            }
        }

        if (orphans.Count == 0)
        {
            return 0;
        }

        var recovered = new List<IndexedPack>();
        var gate = new Lock();
        await Parallel.ForEachAsync(orphans, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (o, ct) =>
        {
            try
            {
                var pack = await PackReader.ReadHeaderAsync(repository, o, ct).ConfigureAwait(false);
                lock (gate)
                {
                    recovered.Add(pack);
                }
            }
            catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException)
            {
                // Not usable: leave it for prune; the backup simply stores those chunks again.
            }
        }).ConfigureAwait(false);

        foreach (var pack in recovered)
        {
            index.Add(pack);
            index.Recovered.Add(pack);
        }

        return recovered.Count;
    }

    /// <summary>Writes the packs recovered so far as an index object. Call only while holding a repository lock.</summary>
    public static async Task PersistAsync(FerryRepository repository, MasterIndex index, CancellationToken cancellationToken)
    {
        var recovered = index.Recovered.ToArray();
        if (recovered.Length > 0)
        {
            await IndexLoader.SaveAsync(repository, recovered, cancellationToken).ConfigureAwait(false);
            index.Recovered.Clear();
        }
    }
}
