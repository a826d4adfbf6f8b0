using Ferry.Repository.Crypto;
using Ferry.Repository.Index;

namespace Ferry.Maintenance;

/// <summary>Which packs a prune deletes, which it repacks, and which blob copies survive.</summary>
internal sealed class PrunePlan
{
    /// <summary>Packs to delete outright: nothing in them is needed, or no index names them.</summary>
    public List<ChunkId> Delete { get; } = [];

    /// <summary>Packs whose needed blobs move to new packs before they are deleted.</summary>
    public List<ChunkId> Repack { get; } = [];

    /// <summary>The one copy of each needed blob that survives: (pack, blob).</summary>
    public HashSet<(ChunkId Pack, ChunkId Blob)> Keep { get; } = [];

    public long UnreferencedBytes { get; private set; }

    /// <summary>Unused bytes that stay after the plan runs: in packs that are neither deleted nor repacked.</summary>
    public long UnusedLeft { get; private set; }

    public static PrunePlan Make(IndexContents contents, IReadOnlyDictionary<ChunkId, long> stored, HashSet<ChunkId> referenced, int packSize, double repackThreshold, long? maxUnusedLeft = null)
    {
        var plan = new PrunePlan();
        var owner = new Dictionary<ChunkId, ChunkId>();
        // Each needed blob keeps one copy: the first stored pack that holds it (duplicates come from
        // two devices storing one chunk at the same moment).
        foreach (var pack in contents.Packs.Values.Where(p => stored.ContainsKey(p.Id)).OrderBy(p => p.Id))
        {
            foreach (var blob in pack.Blobs)
            {
                if (referenced.Contains(blob.Id) && owner.TryAdd(blob.Id, pack.Id))
                {
                    plan.Keep.Add((pack.Id, blob.Id));
                }
            }
        }

        var leftovers = new List<(ChunkId Pack, long Unused)>();
        foreach (var (packId, size) in stored)
        {
            if (!contents.Packs.TryGetValue(packId, out var pack))
            {
                // In no index while we hold the exclusive lock: left by an interrupted backup.
                plan.Delete.Add(packId);
                plan.UnreferencedBytes += size;
                continue;
            }

            var used = pack.Blobs.Where(b => plan.Keep.Contains((packId, b.Id))).Sum(b => (long)b.Length);
            var unused = pack.Blobs.Sum(b => (long)b.Length) - used;
            plan.UnreferencedBytes += unused;
            if (used == 0)
            {
                plan.Delete.Add(packId);
                plan.UnreferencedBytes += size - pack.Blobs.Sum(b => (long)b.Length);
            }
            else if (unused > 0 && (unused > repackThreshold * size || size < packSize / 8))
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
