using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Repository.Index;

/// <summary>
/// Finds packs that are stored but in no index (a backup was interrupted after uploading them, or an
/// index object was lost) and indexes them from their own headers, so their chunks are found and
/// reused. Packs another device is uploading right now may be picked up too; that is harmless.
/// </summary>
/// <remarks>
/// Every index load recovers in memory, from the headers alone: good enough for readers, who verify
/// every blob they read. A header proves nothing about the bytes beside it (it could be copied next to
/// others), so before a backup relies on such a pack, or an index object names it, the pack is
/// downloaded whole and verified (<see cref="PackVerifier"/>). Only a command holding a lock writes the
/// verified entries as an index object (<see cref="PersistAsync"/>): an unlocked reader (ls, diff)
/// writing one could race a prune that is deleting those very packs as leftovers.
/// </remarks>
internal static class IndexRecovery
{
    /// <summary>Indexes, in memory, the stored packs no index object names; remembers them in <see cref="MasterIndex.Recovered"/>.</summary>
    public static async Task<int> RecoverAsync(FerryRepository repository, MasterIndex index, IEnumerable<ObjectInfo> stored, CancellationToken cancellationToken)
    {
        var orphans = stored.Where(o => PackNames.TryParseKey(o.Key, out var id) && !index.ContainsPack(id)).ToList();
        if (orphans.Count == 0)
        {
            return 0;
        }

        var recovered = new List<(IndexedPack Pack, ObjectInfo Info)>();
        var gate = new Lock();
        await Parallel.ForEachAsync(orphans, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (o, ct) =>
        {
            try
            {
                var pack = await PackReader.ReadHeaderAsync(repository, o, ct).ConfigureAwait(false);
                lock (gate)
                {
                    recovered.Add((pack, o));
                }
            }
            catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException)
            {
                // Not usable: leave it for prune; the backup simply stores those chunks again.
            }
        }).ConfigureAwait(false);

        foreach (var (pack, info) in recovered)
        {
            index.Add(pack, PackTrust.FromHeader);
            index.Recovered[pack.Id] = info;
        }

        return recovered.Count;
    }

    /// <summary>
    /// Verifies the packs recovered so far (each downloaded whole) and writes those that pass as an
    /// index object; a backup may rely on them from then on. Those that fail stay out of every index,
    /// for prune. Call only while holding a repository lock.
    /// </summary>
    public static async Task PersistAsync(FerryRepository repository, MasterIndex index, CancellationToken cancellationToken)
    {
        var pending = index.Recovered.Values.ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var verified = new List<IndexedPack>();
        var gate = new Lock();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (o, ct) =>
        {
            try
            {
                var pack = await PackVerifier.VerifyAsync(repository, o, ct).ConfigureAwait(false);
                lock (gate)
                {
                    verified.Add(pack);
                }
            }
            catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException)
            {
                // A header beside bytes that are not its blobs, or a damaged pack: never relied on.
            }
        }).ConfigureAwait(false);

        if (verified.Count > 0)
        {
            await IndexLoader.SaveAsync(repository, verified, cancellationToken).ConfigureAwait(false);
        }

        foreach (var pack in verified)
        {
            index.MarkVerified(pack);
        }

        index.Recovered.Clear();
    }
}
