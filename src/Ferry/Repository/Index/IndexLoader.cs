using System.Collections.Concurrent;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Repository.Index;

/// <summary>Every index object's id, and every pack they describe (a pack named twice appears once).</summary>
internal sealed record IndexContents(IReadOnlyList<ChunkId> Objects, IReadOnlyDictionary<ChunkId, IndexedPack> Packs);

/// <summary>Reads every <c>index/</c> object in parallel and merges them into one <see cref="MasterIndex"/>.</summary>
internal static class IndexLoader
{
    /// <summary>
    /// The index of every stored pack. A damaged index object does not stop a backup or a restore:
    /// it is skipped. Every entry is checked against the listing of <c>data/</c>: one whose pack is not stored with its recorded size (an index object
    /// put back after a prune, a pack deleted behind Ferry's back) may still be tried by a reader, but
    /// never spares a backup an upload. Packs in no readable index (an interrupted backup's, or a lost or
    /// damaged index object's) are indexed from their own headers.
    /// </summary>
    public static async Task<MasterIndex> LoadAsync(FerryRepository repository, int parallelism, CancellationToken cancellationToken)
    {
        var damaged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var index = new MasterIndex();
        // Listed alongside the index objects, not after them: an entry is judged against the listing.
        var listing = ListPacksAsync(repository, cancellationToken);
        await ReadEachAsync(repository, parallelism, damaged, index.Reserve, listing, pack => index.Add(pack, TrustOf(pack, listing.Result)), cancellationToken).ConfigureAwait(false);
        var stored = await listing.ConfigureAwait(false);
        await IndexRecovery.RecoverAsync(repository, index, stored.Values, cancellationToken).ConfigureAwait(false);
        repository.Cache?.Retain(PackNames.Prefix, stored.Values.Select(o => o.Key).ToHashSet());
        return index;
    }

    /// <summary>Every stored pack by id, as the listing shows it (size and the server's time of writing).</summary>
    public static async Task<Dictionary<ChunkId, ObjectInfo>> ListPacksAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var packs = new Dictionary<ChunkId, ObjectInfo>();
        await foreach (var o in repository.Store.ListAsync(PackNames.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (PackNames.TryParseKey(o.Key, out var id))
            {
                packs[id] = o;
            }
        }

        return packs;
    }

    private static PackTrust TrustOf(IndexedPack pack, Dictionary<ChunkId, ObjectInfo> stored) =>
        stored.TryGetValue(pack.Id, out var listed) && listed.Size == pack.Size ? PackTrust.Listed : PackTrust.Unlisted;

    /// <summary>
    /// Reads every index object. A damaged one throws, unless <paramref name="damaged"/> is given:
    /// then it is recorded there (key → message) and skipped.
    /// </summary>
    public static async Task<IndexContents> ReadAllAsync(FerryRepository repository, int parallelism, CancellationToken cancellationToken, ConcurrentDictionary<string, string>? damaged = null)
    {
        var packs = new ConcurrentDictionary<ChunkId, IndexedPack>();
        var read = await ReadEachAsync(repository, parallelism, damaged, _ => { }, Task.CompletedTask, pack => packs.TryAdd(pack.Id, pack), cancellationToken).ConfigureAwait(false);
        return new IndexContents(read, packs);
    }

    /// <summary>
    /// Reads every index object in parallel and hands each pack it names to <paramref name="onPack"/>
    /// (from several threads at once) once <paramref name="ready"/> completes; <paramref name="onEstimate"/>
    /// first gets an upper estimate of the number of blobs, from the objects' sizes. Returns the ids of the objects read.
    /// </summary>
    private static async Task<List<ChunkId>> ReadEachAsync(FerryRepository repository, int parallelism, ConcurrentDictionary<string, string>? damaged, Action<int> onEstimate, Task ready, Action<IndexedPack> onPack, CancellationToken cancellationToken)
    {
        var ids = new List<ChunkId>();
        long bytes = 0;
        await foreach (var o in repository.Store.ListAsync(FerryRepository.IndexPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (ChunkId.TryParse(o.Key[FerryRepository.IndexPrefix.Length..], out var id))
            {
                ids.Add(id);
                bytes += o.Size;
            }
        }

        // An entry takes PackHeader.EntrySize bytes in an index, which random ids keep from compressing.
        // Capped: the sizes are the provider's word, and a bigger index simply grows the table later.
        onEstimate((int)Math.Min(bytes / PackHeader.EntrySize, 4_000_000));
        repository.Cache?.Retain(FerryRepository.IndexPrefix, ids.Select(id => FerryRepository.IndexPrefix + id).ToHashSet());
        var read = new ConcurrentBag<ChunkId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ids, options, async (id, ct) =>
        {
            List<IndexedPack> decoded;
            try
            {
                var plain = await repository.Objects.LoadAsync(FerryRepository.IndexPrefix, id, IndexFile.MaxPlainSize, ct).ConfigureAwait(false);
                decoded = IndexFile.Decode(plain, id.ToShortString());
            }
            catch (ObjectNotFoundException)
            {
                return; // replaced by a prune between listing and reading
            }
            catch (CorruptDataException e) when (damaged is not null)
            {
                damaged[FerryRepository.IndexPrefix + id] = e.Message;
                return;
            }

            await ready.ConfigureAwait(false);
            read.Add(id);
            foreach (var pack in decoded)
            {
                onPack(pack);
            }
        }).ConfigureAwait(false);
        return [.. read];
    }

    /// <summary>Writes an index object for <paramref name="packs"/>.</summary>
    public static Task<ChunkId> SaveAsync(FerryRepository repository, IReadOnlyCollection<IndexedPack> packs, CancellationToken cancellationToken) =>
        repository.Objects.SaveAsync(FerryRepository.IndexPrefix, IndexFile.Encode(packs), cancellationToken);
}
