using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ferry.Errors;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Locks;
using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Maintenance;

/// <summary>
/// Removes data no snapshot references. Holds the exclusive lock, so no backup runs meanwhile and
/// nothing a backup still needs can be deleted (see docs/FORMAT.md, "Locks and prune").
/// <list type="number">
/// <item>Walk every snapshot: the set of blobs still needed.</item>
/// <item>Packs with nothing needed are deleted; packs that are mostly unused, or small, are
/// repacked: their needed blobs are copied, still sealed, into new packs.</item>
/// <item>New index objects are written before the old ones are deleted, and packs are deleted
/// last, so a crash at any point leaves every needed blob indexed.</item>
/// </list>
/// </summary>
public sealed class Pruner(FerryRepository repository, PruneOptions options)
{
    /// <summary>Holds the exclusive lock (waiting for running backups), then removes and repacks what no snapshot needs.</summary>
    public async Task<PruneResult> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var held = await RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", options.LockWait, cancellationToken).ConfigureAwait(false);
        await using var release = held.ConfigureAwait(false);

        var listing = await repository.ListSnapshotsCheckedAsync(cancellationToken).ConfigureAwait(false);
        if (listing.Damaged.Count > 0)
        {
            throw new FerryException($"not pruning: a snapshot is damaged ({listing.Damaged[0]}), so what it needs is unknown") { Remedy = Remedy.DeleteDamagedSnapshots };
        }

        // A pack in no index is not necessarily garbage: its index object may have been lost. Such packs
        // are verified (downloaded whole) and indexed first, so only what no snapshot needs is deleted.
        await IndexRecovery.PersistAsync(repository, await repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var referenced = await ReferenceWalker.CollectAsync(repository, listing.Snapshots, cancellationToken).ConfigureAwait(false);
        var damagedIndex = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var contents = await IndexLoader.ReadAllAsync(repository, 8, cancellationToken, damagedIndex).ConfigureAwait(false);
        var stored = await IndexLoader.ListPacksAsync(repository, cancellationToken).ConfigureAwait(false);
        var bytesBefore = stored.Values.Sum(o => o.Size);
        var plan = await PlanWithVerifiedKeepersAsync(contents, stored, referenced, YoungSince(held), options.Threshold?.LeaveAtMost(bytesBefore), cancellationToken).ConfigureAwait(false);
        var kept = plan.Keep.Select(k => k.Blob).ToHashSet();
        var lost = referenced.Where(b => !kept.Contains(b)).ToList();
        if (lost.Count > 0)
        {
            // Deleting anything now could take the last copy of data that is merely unreadable today.
            throw new FerryException($"not pruning: {lost.Count} blobs that snapshots need (first: {lost[0].ToShortString()}) are in no index and no readable pack") { Remedy = Remedy.DeleteSnapshotsMissingData };
        }

        // Damaged index objects are superseded: the recovery above indexed their packs from the packs' headers.
        await DeleteAllAsync(held, damagedIndex.Keys, cancellationToken).ConfigureAwait(false);
        var result = new PruneResult
        {
            Snapshots = listing.Snapshots.Count,
            PacksBefore = stored.Count,
            BytesBefore = bytesBefore,
            UnreferencedBytes = plan.UnreferencedBytes,
            PacksDeleted = plan.Delete.Count,
            PacksRepacked = plan.Repack.Count,
            DryRun = options.DryRun,
            BelowThreshold = options.Threshold is { } threshold && plan.UnreferencedBytes <= threshold.TriggerFor(bytesBefore),
        };
        if (options.DryRun || result.BelowThreshold || (plan.Delete.Count == 0 && plan.Repack.Count == 0))
        {
            return result with { BytesAfter = result.BytesBefore };
        }

        var written = await RepackAsync(plan, contents, cancellationToken).ConfigureAwait(false);
        await RewriteIndexAsync(held, plan, contents, written, cancellationToken).ConfigureAwait(false);
        await DeleteAllAsync(held, plan.Delete.Concat(plan.Repack).Select(PackNames.KeyOf), cancellationToken).ConfigureAwait(false);

        var removed = plan.Delete.Concat(plan.Repack).Sum(p => stored[p].Size);
        var added = written.Sum(p => p.Size);
        return result with { PacksWritten = written.Count, BytesReclaimed = removed - added, BytesAfter = result.BytesBefore - removed + added };
    }

    /// <summary>
    /// Packs no index names that the server wrote after this are left alone: they may be a running
    /// backup's, not yet indexed (its lock unseen, or judged stale while it lives). Null when the store keeps no times.
    /// </summary>
    private static DateTimeOffset? YoungSince(RepositoryLock held) => held.ServerTimeTaken - RepositoryLock.StaleAfter;

    /// <summary>
    /// The plan, after checking every copy it keeps of a blob that has other copies going away: the
    /// kept copy is read and verified against its id (an index entry is a claim; the other copy may be
    /// the only real one). A copy that fails is not kept, and the plan is made again without it.
    /// </summary>
    private async Task<PrunePlan> PlanWithVerifiedKeepersAsync(IndexContents contents, Dictionary<ChunkId, ObjectInfo> stored, HashSet<ChunkId> referenced, DateTimeOffset? youngSince, long? maxUnusedLeft, CancellationToken cancellationToken)
    {
        var refused = new HashSet<(ChunkId Pack, ChunkId Blob)>();
        while (true)
        {
            var plan = PrunePlan.Make(contents, stored, referenced, repository.Config.PackSize, options.RepackThreshold, youngSince, refused, maxUnusedLeft);
            var failed = new ConcurrentBag<(ChunkId Pack, ChunkId Blob)>();
            await Parallel.ForEachAsync(plan.KeptOverOtherCopies, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (keep, ct) =>
            {
                if (!await IsReadableAsync(contents.Packs[keep.Pack], keep.Blob, ct).ConfigureAwait(false))
                {
                    failed.Add(keep);
                }
            }).ConfigureAwait(false);
            if (failed.IsEmpty)
            {
                return plan;
            }

            refused.UnionWith(failed);
        }
    }

    /// <summary>Reads one blob where an index object says it is, and checks it against its id.</summary>
    private async Task<bool> IsReadableAsync(IndexedPack pack, ChunkId blobId, CancellationToken cancellationToken)
    {
        var blob = pack.Blobs.First(b => b.Id == blobId);
        try
        {
            var sealedBytes = await repository.Store.GetRangeAsync(PackNames.KeyOf(pack.Id), blob.Offset, (int)blob.Length, cancellationToken).ConfigureAwait(false);
            repository.DecodeBlob(blob.Id, new BlobLocation(pack.Id, blob.Type, blob.Offset, blob.Length, blob.RawLength), sealedBytes);
            return true;
        }
        catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException || (e is StorageException s && s.Kind == StorageErrorKind.Corrupt))
        {
            return false;
        }
    }

    /// <summary>Copies the needed blobs of the packs being repacked into new packs, without decrypting them.</summary>
    private async Task<List<IndexedPack>> RepackAsync(PrunePlan plan, IndexContents contents, CancellationToken cancellationToken)
    {
        var written = new List<IndexedPack>();
        var writers = new Dictionary<BlobType, PackWriter>();
        try
        {
            // Packs are fetched a few at a time: each request waits a round trip, the copying does not.
            foreach (var batch in plan.Repack.Chunk(Parallelism))
            {
                var fetched = await Task.WhenAll(batch.Select(id => PackVerifier.ReadWholeAsync(repository.Store, PackNames.KeyOf(id), cancellationToken))).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    await CopyNeededAsync(batch[i], fetched[i], plan, contents, writers, written, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var type in writers.Keys.ToList())
            {
                var writer = writers[type];
                writers.Remove(type);
                written.Add(await UploadAsync(writer, cancellationToken).ConfigureAwait(false));
            }

            return written;
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>Appends the needed blobs of one downloaded pack to the new packs, uploading each new pack once full.</summary>
    private async Task CopyNeededAsync(ChunkId packId, byte[] bytes, PrunePlan plan, IndexContents contents, Dictionary<BlobType, PackWriter> writers, List<IndexedPack> written, CancellationToken cancellationToken)
    {
        if (new ChunkId(SHA256.HashData(bytes)) != packId)
        {
            throw new CorruptDataException($"not pruning: pack {PackNames.KeyOf(packId)} does not match its name") { Remedy = Remedy.CheckRepositoryData };
        }

        foreach (var blob in contents.Packs[packId].Blobs.Where(b => plan.Keep.Contains((packId, b.Id))))
        {
            if (!writers.TryGetValue(blob.Type, out var writer))
            {
                writers[blob.Type] = writer = new PackWriter(PackBuffers.Pool, repository.Config.PackSize + (2 * 1024 * 1024));
            }

            writer.Add(blob.Type, blob.Id, bytes.AsSpan((int)blob.Offset, (int)blob.Length), (int)blob.RawLength);
            if (writer.Length >= repository.Config.PackSize)
            {
                writers.Remove(blob.Type);
                written.Add(await UploadAsync(writer, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    private async Task<IndexedPack> UploadAsync(PackWriter writer, CancellationToken cancellationToken)
    {
        using var pack = writer.Finish(repository.Key);
        await repository.Store.PutAsync(pack.Key, pack.Bytes, cancellationToken).ConfigureAwait(false);
        return new IndexedPack(pack.Id, pack.Length, pack.Blobs);
    }

    /// <summary>One set of index objects for every pack that stays, written before the old objects go.</summary>
    private async Task RewriteIndexAsync(RepositoryLock held, PrunePlan plan, IndexContents contents, List<IndexedPack> written, CancellationToken cancellationToken)
    {
        var gone = plan.Delete.Concat(plan.Repack).Concat(plan.Unlisted).ToHashSet();
        var kept = contents.Packs.Values.Where(p => !gone.Contains(p.Id)).Concat(written).ToList();
        foreach (var batch in kept.Chunk(PacksPerIndexObject))
        {
            await IndexLoader.SaveAsync(repository, batch, cancellationToken).ConfigureAwait(false);
        }

        await DeleteAllAsync(held, contents.Objects.Select(old => FerryRepository.IndexPrefix + old), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes in batches, each after confirming the lock in the bucket: a prune whose lock was taken
    /// away (judged stale while it stalled) stops before it deletes anything more.
    /// </summary>
    private async Task DeleteAllAsync(RepositoryLock held, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(DeleteBatch))
        {
            await held.ConfirmAsync(cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (key, ct) => await repository.Store.DeleteAsync(key, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    private const int DeleteBatch = 500;

    private const int Parallelism = 4;

    /// <summary>About 40 MB of index per object at most: large repositories are read in parallel.</summary>
    private const int PacksPerIndexObject = 4096;
}

/// <summary>How a prune should behave.</summary>
public sealed record PruneOptions
{
    /// <summary>A pack whose unused share exceeds this is repacked; below it, the space is left until more becomes unused.</summary>
    public double RepackThreshold { get; init; } = 0.2;

    /// <summary>
    /// Set by automatic maintenance: change nothing unless the unused bytes pass its trigger, and then
    /// repack until no more than its goal is left unused.
    /// </summary>
    public UnusedThreshold? Threshold { get; init; }

    /// <summary>Report what would be done, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>How long to wait for running backups and restores to finish.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(10);
}
