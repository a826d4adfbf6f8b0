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
    public static async Task<MasterIndex> LoadAsync(FerryRepository repository, int parallelism, CancellationToken cancellationToken)
    {
        var contents = await ReadAllAsync(repository, parallelism, cancellationToken).ConfigureAwait(false);
        var index = new MasterIndex();
        foreach (var pack in contents.Packs.Values)
        {
            index.Add(pack);
        }

        repository.Cache?.Retain(PackNames.Prefix, contents.Packs.Keys.Select(PackNames.KeyOf).ToHashSet());
        return index;
    }

    public static async Task<IndexContents> ReadAllAsync(FerryRepository repository, int parallelism, CancellationToken cancellationToken)
    {
        var ids = new List<ChunkId>();
        await foreach (var o in repository.Store.ListAsync(FerryRepository.IndexPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (ChunkId.TryParse(o.Key[FerryRepository.IndexPrefix.Length..], out var id))
            {
                ids.Add(id);
            }
        }

        repository.Cache?.Retain(FerryRepository.IndexPrefix, ids.Select(id => FerryRepository.IndexPrefix + id).ToHashSet());
        var packs = new ConcurrentDictionary<ChunkId, IndexedPack>();
        var read = new ConcurrentBag<ChunkId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ids, options, async (id, ct) =>
        {
            byte[] plain;
            try
            {
                plain = await repository.Objects.LoadAsync(FerryRepository.IndexPrefix, id, IndexFile.MaxPlainSize, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                return; // replaced by a prune between listing and reading
            }

            read.Add(id);
            foreach (var pack in IndexFile.Decode(plain, id.ToShortString()))
            {
                packs.TryAdd(pack.Id, pack);
            }
        }).ConfigureAwait(false);
        return new IndexContents([.. read], packs);
    }

    /// <summary>Writes an index object for <paramref name="packs"/>.</summary>
    public static Task<ChunkId> SaveAsync(FerryRepository repository, IReadOnlyCollection<IndexedPack> packs, CancellationToken cancellationToken) =>
        repository.Objects.SaveAsync(FerryRepository.IndexPrefix, IndexFile.Encode(packs), cancellationToken);
}
