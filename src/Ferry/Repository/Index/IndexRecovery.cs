using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Repository.Index;

/// <summary>
/// Finds packs that are stored but in no index (a backup was interrupted after uploading them) and
/// indexes them from their own headers, so the next backup reuses them instead of uploading again.
/// Packs another device is uploading right now may be picked up too; indexing them twice is harmless.
/// </summary>
internal static class IndexRecovery
{
    public static async Task<int> RecoverAsync(FerryRepository repository, MasterIndex index, CancellationToken cancellationToken)
    {
        var orphans = new List<ObjectInfo>();
        await foreach (var o in repository.Store.ListAsync(PackNames.Prefix, cancellationToken).ConfigureAwait(false))
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
        }

        if (recovered.Count > 0)
        {
            await IndexLoader.SaveAsync(repository, recovered, cancellationToken).ConfigureAwait(false);
        }

        return recovered.Count;
    }
}
