using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Storage;

namespace Ferry.Maintenance;

/// <summary>Which packs a prune deletes, which it repacks, and which blob copies survive.</summary>
internal sealed class PrunePlan
{
    /// <summary>Packs to delete outright: nothing in them is needed, or no index names them.</summary>
    public List<ChunkId> Delete { get; } = [];

    /// <summary>Packs whose needed blobs move to new packs before they are deleted.</summary>
    public List<ChunkId> Repack { get; } = [];

    /// <summary>Packs an index object names that the listing does not show with that size: their entries are dropped.</summary>
    public HashSet<ChunkId> Unlisted { get; } = [];

    /// <summary>The one copy of each needed blob that survives: (pack, blob).</summary>
    public HashSet<(ChunkId Pack, ChunkId Blob)> Keep { get; } = [];

    /// <summary>Kept copies of blobs that have another copy going away: each is verified before anything is deleted.</summary>
    public List<(ChunkId Pack, ChunkId Blob)> KeptOverOtherCopies { get; } = [];

    public long UnreferencedBytes { get; private set; }

    /// <summary>Unused bytes that stay after the plan runs: in packs that are neither deleted nor repacked.</summary>
    public long UnusedLeft { get; private set; }

    /// <param name="contents">Every index object's packs.</param>
    /// <param name="stored">Every pack the listing shows.</param>
    /// <param name="referenced">Every blob a snapshot needs.</param>
    /// <param name="packSize">The repository's pack size.</param>
    /// <param name="repackThreshold">The unused share above which a pack is repacked.</param>
    /// <param name="youngSince">Packs no index names that the server wrote after this are kept (a running backup's); null: no times known.</param>
    /// <param name="refused">Copies found unreadable: never kept.</param>
    /// <param name="maxUnusedLeft">With a ceiling, the most wasteful packs below the threshold are repacked too until at most this much stays unused.</param>
    public static PrunePlan Make(IndexContents contents, IReadOnlyDictionary<ChunkId, ObjectInfo> stored, HashSet<ChunkId> referenced, int packSize, double repackThreshold,
        DateTimeOffset? youngSince = null, IReadOnlySet<(ChunkId, ChunkId)>? refused = null, long? maxUnusedLeft = null)
    {
        var plan = new PrunePlan();
        var indexed = contents.Packs.Values.Where(p => stored.TryGetValue(p.Id, out var o) && o.Size == p.Size).ToList();
        var indexedIds = indexed.Select(p => p.Id).ToHashSet();
        plan.Unlisted.UnionWith(contents.Packs.Keys.Where(id => !indexedIds.Contains(id)));
        var owner = new Dictionary<ChunkId, ChunkId>();
        var copies = new Dictionary<ChunkId, int>();
        // Each needed blob keeps one copy: the first stored pack that holds it (duplicates come from
        // two devices storing one chunk at the same moment).
        foreach (var pack in indexed.OrderBy(p => p.Id))
        {
            foreach (var blob in pack.Blobs.Where(b => referenced.Contains(b.Id)))
            {
                copies[blob.Id] = copies.GetValueOrDefault(blob.Id) + 1;
                if (refused?.Contains((pack.Id, blob.Id)) != true && owner.TryAdd(blob.Id, pack.Id))
                {
                    plan.Keep.Add((pack.Id, blob.Id));
                }
            }
        }

        plan.KeptOverOtherCopies.AddRange(plan.Keep.Where(k => copies[k.Blob] > 1));
        var leftovers = new List<(ChunkId Pack, long Unused)>();
        foreach (var (packId, info) in stored)
        {
            if (!contents.Packs.TryGetValue(packId, out var pack) || plan.Unlisted.Contains(packId))
            {
                // In no index while we hold the exclusive lock: left by an interrupted backup, unless
                // written so recently that a backup may still be writing its index.
                if (youngSince is not { } since || info.LastModified is not { } written || written < since)
                {
                    plan.Delete.Add(packId);
                    plan.UnreferencedBytes += info.Size;
                }

                continue;
            }

            var used = pack.Blobs.Where(b => plan.Keep.Contains((packId, b.Id))).Sum(b => (long)b.Length);
            var unused = pack.Blobs.Sum(b => (long)b.Length) - used;
            plan.UnreferencedBytes += unused;
            if (used == 0)
            {
                plan.Delete.Add(packId);
                plan.UnreferencedBytes += info.Size - pack.Blobs.Sum(b => (long)b.Length);
            }
            else if (unused > 0 && (unused > repackThreshold * info.Size || info.Size < packSize / 8))
            {
                plan.Repack.Add(packId);
            }
            else if (unused > 0)
            {
                leftovers.Add((packId, unused));
            }
        }

        plan.UnusedLeft = leftovers.Sum(l => l.Unused);
        // Below the repack threshold each pack keeps a little waste, which adds up across many packs;
        // with a ceiling the most wasteful of them are repacked too, so the copying stays the least that meets it.
        foreach (var (packId, unused) in leftovers.OrderByDescending(l => l.Unused).ThenBy(l => l.Pack))
        {
            if (maxUnusedLeft is not { } ceiling || plan.UnusedLeft <= ceiling)
            {
                break;
            }

            plan.Repack.Add(packId);
            plan.UnusedLeft -= unused;
        }

        return plan;
    }
}
