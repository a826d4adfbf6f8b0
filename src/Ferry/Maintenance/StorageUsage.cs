using Ferry.Storage;
using System.Collections.Concurrent;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;

namespace Ferry.Maintenance;

/// <summary>What one device's snapshots use. Sizes are stored (compressed, encrypted) bytes.</summary>
public sealed record DeviceUsage(string Host, int Snapshots, long Bytes, long OnlyThisDevice);

/// <summary>
/// Where the bucket's bytes go: packs each device's snapshots need, data they share, data no
/// snapshot needs (what a prune reclaims), and metadata.
/// </summary>
public sealed record StorageReport
{
    /// <summary>Every Ferry object under the root: packs, index, snapshots, keys, config, locks, the maintenance record.</summary>
    public long RepositoryBytes { get; init; }

    /// <summary>Other objects under the root (an app's own backups beside the repository).</summary>
    public long OtherBytes { get; init; }

    /// <summary>Bytes in packs (file contents and trees).</summary>
    public long PackBytes { get; init; }

    /// <summary>How many packs are stored.</summary>
    public int Packs { get; init; }

    /// <summary>Index, snapshots, keys, config, locks and the maintenance record.</summary>
    public long MetadataBytes => RepositoryBytes - PackBytes;

    /// <summary>What each device's snapshots use, largest first.</summary>
    public IReadOnlyList<DeviceUsage> Devices { get; init; } = [];

    /// <summary>Data the snapshots of two or more devices need (each device's <see cref="DeviceUsage.Bytes"/> counts it too).</summary>
    public long SharedBytes { get; init; }

    /// <summary>Data no snapshot needs: what a prune removes.</summary>
    public long ReclaimableBytes { get; init; }

    /// <summary>Unused data that starts automatic maintenance's prune, for this repository's size.</summary>
    public long TriggerBytes { get; init; }

    /// <summary>The maintenance record, or null when no device has run maintenance yet.</summary>
    public MaintenanceRecord? Maintenance { get; init; }
}

/// <summary>Measures a repository's storage without changing anything (no lock: the numbers are a moment's view).</summary>
public static class StorageUsage
{
    /// <summary>Lists the bucket and reads the index and every snapshot's trees to attribute each pack's bytes.</summary>
    public static async Task<StorageReport> MeasureAsync(FerryRepository repository, UnusedThreshold threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(threshold);
        long repositoryBytes = 0, otherBytes = 0;
        var stored = new Dictionary<ChunkId, ObjectInfo>();
        await foreach (var o in repository.Store.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            if (PackNames.TryParseKey(o.Key, out var pack))
            {
                stored[pack] = o;
            }

            if (IsFerrys(o.Key))
            {
                repositoryBytes += o.Size;
            }
            else
            {
                otherBytes += o.Size;
            }
        }

        var snapshots = await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        var contents = await IndexLoader.ReadAllAsync(repository, 8, cancellationToken, new ConcurrentDictionary<string, string>(StringComparer.Ordinal)).ConfigureAwait(false);
        var sizes = BlobSizes(contents, stored);
        var needers = new Dictionary<ChunkId, int>();
        var devices = new List<(string Host, int Snapshots, HashSet<ChunkId> Blobs)>();
        foreach (var device in snapshots.GroupBy(s => s.Snapshot.Host, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var blobs = await ReferenceWalker.CollectAsync(repository, device, cancellationToken).ConfigureAwait(false);
            devices.Add((device.Key, device.Count(), blobs));
            foreach (var blob in blobs)
            {
                needers[blob] = needers.GetValueOrDefault(blob) + 1;
            }
        }

        var plan = PrunePlan.Make(contents, stored, [.. needers.Keys], repository.Config.PackSize, 0);
        var packBytes = stored.Values.Sum(o => o.Size);
        return new StorageReport
        {
            RepositoryBytes = repositoryBytes,
            OtherBytes = otherBytes,
            PackBytes = packBytes,
            Packs = stored.Count,
            Devices = [.. devices.Select(d => new DeviceUsage(d.Host, d.Snapshots, SizeOf(d.Blobs, sizes), SizeOf(d.Blobs.Where(b => needers[b] == 1), sizes)))],
            SharedBytes = SizeOf(needers.Where(n => n.Value > 1).Select(n => n.Key), sizes),
            ReclaimableBytes = plan.UnreferencedBytes,
            TriggerBytes = threshold.TriggerFor(packBytes),
            Maintenance = await MaintenanceRecord.LoadAsync(repository, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The stored bytes that only <paramref name="doomed"/> need: what deleting them makes unused
    /// (the next prune, automatic or not, removes it).
    /// </summary>
    public static async Task<long> FreedByDeletingAsync(FerryRepository repository, IReadOnlyCollection<SnapshotEntry> doomed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return await FreedByDeletingAsync(repository, await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false), doomed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, given every snapshot as <see cref="FerryRepository.ListSnapshotsAsync"/> listed them moments ago.</summary>
    public static async Task<long> FreedByDeletingAsync(FerryRepository repository, IReadOnlyList<SnapshotEntry> all, IReadOnlyCollection<SnapshotEntry> doomed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(doomed);
        var ids = doomed.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var rest = all.Where(s => !ids.Contains(s.Id));
        var kept = await ReferenceWalker.CollectAsync(repository, rest, cancellationToken).ConfigureAwait(false);
        var freed = await ReferenceWalker.CollectAsync(repository, doomed, cancellationToken).ConfigureAwait(false);
        freed.ExceptWith(kept);
        var index = await repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        return freed.Sum(id => index.TryGet(id, out var location) ? (long)location.Length : 0);
    }

    /// <summary>Each blob's stored length, from the first stored pack that holds it (as a prune keeps it).</summary>
    private static Dictionary<ChunkId, long> BlobSizes(IndexContents contents, Dictionary<ChunkId, ObjectInfo> stored)
    {
        var sizes = new Dictionary<ChunkId, long>();
        foreach (var pack in contents.Packs.Values.Where(p => stored.ContainsKey(p.Id)))
        {
            foreach (var blob in pack.Blobs)
            {
                sizes.TryAdd(blob.Id, blob.Length);
            }
        }

        return sizes;
    }

    private static long SizeOf(IEnumerable<ChunkId> blobs, Dictionary<ChunkId, long> sizes) => blobs.Sum(b => sizes.GetValueOrDefault(b));

    private static bool IsFerrys(string key) =>
        key is FerryRepository.ConfigKey or MaintenanceRecord.Key
        || key.StartsWith(PackNames.Prefix, StringComparison.Ordinal)
        || key.StartsWith(FerryRepository.IndexPrefix, StringComparison.Ordinal)
        || key.StartsWith(FerryRepository.SnapshotsPrefix, StringComparison.Ordinal)
        || key.StartsWith(FerryRepository.KeysPrefix, StringComparison.Ordinal)
        || key.StartsWith(Repository.Locks.RepositoryLock.Prefix, StringComparison.Ordinal);
}
