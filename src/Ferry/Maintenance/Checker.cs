using System.Security.Cryptography;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Locks;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Storage;

namespace Ferry.Maintenance;

/// <summary>
/// Verifies a repository. The structure check reads only metadata: every snapshot and index object
/// decrypts and matches its name, every indexed pack exists with its recorded size, every tree and
/// chunk a snapshot needs is indexed. With a read-data percentage it also downloads that share of
/// the packs and verifies every blob in them against its id. Each problem names the object and the
/// snapshots and files it affects.
/// </summary>
public sealed class Checker(FerryRepository repository, CheckOptions options)
{
    private readonly List<(string Key, string Message, HashSet<ChunkId> Blobs)> _problems = [];

    /// <summary>Checks the repository's structure (and, as asked, its data) and reports every problem found.</summary>
    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.BypassCache();
        await using var held = (await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "check", options.LockWait, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        var listing = await repository.ListSnapshotsCheckedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var damage in listing.Damaged)
        {
            _problems.Add(("snapshot", damage, []));
        }

        await CheckKeyFilesAsync(cancellationToken).ConfigureAwait(false);
        var packs = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<ChunkId, long>();
        await foreach (var o in repository.Store.ListAsync(PackNames.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (PackNames.TryParseKey(o.Key, out var id))
            {
                stored[id] = o.Size;
            }
        }

        foreach (var pack in packs.Values)
        {
            if (!stored.TryGetValue(pack.Id, out var size))
            {
                _problems.Add((PackNames.KeyOf(pack.Id), "is missing", [.. pack.Blobs.Select(b => b.Id)]));
            }
            else if (size != pack.Size)
            {
                _problems.Add((PackNames.KeyOf(pack.Id), $"has {size} bytes, the index says {pack.Size}", [.. pack.Blobs.Select(b => b.Id)]));
            }
        }

        var index = await repository.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        await CheckTreesAsync(listing.Snapshots, index, cancellationToken).ConfigureAwait(false);
        var (read, bytes) = await ReadDataAsync(packs.Values.Where(p => stored.ContainsKey(p.Id)).ToList(), cancellationToken).ConfigureAwait(false);
        return new CheckResult(listing.Snapshots.Count, stored.Count, read, bytes, await DescribeAsync(listing.Snapshots, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// A key file that still opens may have been altered around the wrapped key: it must match its name.
    /// Objects under keys/ and locks/ that Ferry never names so are reported (every command ignores them).
    /// </summary>
    private async Task CheckKeyFilesAsync(CancellationToken cancellationToken)
    {
        await foreach (var o in repository.Store.ListAsync(FerryRepository.KeysPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!RepositoryUnlock.IsKeyName(o.Key))
            {
                _problems.Add((o.Key, "is not a Ferry key file name: it was put there by something else, and is ignored", []));
            }
            else if (o.Size > RepositoryUnlock.MaxKeyFileSize)
            {
                _problems.Add((o.Key, $"has {o.Size} bytes, far more than a key file: it is ignored", []));
            }
            else if (!RepositoryUnlock.MatchesItsName(o.Key, await repository.Store.GetAsync(o.Key, RepositoryUnlock.MaxKeyFileSize, cancellationToken).ConfigureAwait(false)))
            {
                _problems.Add((o.Key, "does not match its name: it was changed or replaced after it was stored", []));
            }
        }

        await foreach (var o in repository.Store.ListAsync(RepositoryLock.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!LockListing.IsLockName(o.Key))
            {
                _problems.Add((o.Key, "is not a Ferry lock name: it was put there by something else, and is ignored", []));
            }
        }
    }

    private async Task<Dictionary<ChunkId, IndexedPack>> ReadIndexAsync(CancellationToken cancellationToken)
    {
        var packs = new Dictionary<ChunkId, IndexedPack>();
        await foreach (var o in repository.Store.ListAsync(FerryRepository.IndexPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!ChunkId.TryParse(o.Key[FerryRepository.IndexPrefix.Length..], out var id))
            {
                continue;
            }

            try
            {
                var plain = await repository.Objects.LoadAsync(FerryRepository.IndexPrefix, id, IndexFile.MaxPlainSize, cancellationToken).ConfigureAwait(false);
                foreach (var pack in IndexFile.Decode(plain, id.ToShortString()))
                {
                    packs.TryAdd(pack.Id, pack);
                }
            }
            catch (CorruptDataException e)
            {
                _problems.Add((o.Key, e.Message, []));
            }
        }

        return packs;
    }

    private async Task CheckTreesAsync(IReadOnlyList<SnapshotEntry> snapshots, MasterIndex index, CancellationToken cancellationToken)
    {
        var visited = new HashSet<ChunkId>();
        var pending = new Stack<(ChunkId Id, int Depth)>(snapshots.Select(s => (s.Snapshot.Tree, 0)));
        var missing = new HashSet<ChunkId>();
        while (pending.Count > 0)
        {
            var (id, depth) = pending.Pop();
            if (!visited.Add(id))
            {
                continue;
            }

            if (depth > TreeDepth.Max)
            {
                _problems.Add(($"tree {id.ToShortString()}", $"nests folders more than {TreeDepth.Max} levels deep: no restore writes it", [id]));
                continue;
            }

            Tree tree;
            try
            {
                tree = await repository.LoadTreeAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException)
            {
                _problems.Add(($"tree {id.ToShortString()}", e.Message, [id]));
                continue;
            }

            foreach (var node in tree.Nodes)
            {
                if (node.Type == NodeType.Directory)
                {
                    pending.Push((node.Subtree!.Value, depth + 1));
                }
                else if (node.Type == NodeType.File)
                {
                    missing.UnionWith(node.Content!.Where(c => !index.Contains(c)));
                }
            }
        }

        foreach (var chunk in missing)
        {
            _problems.Add(($"chunk {chunk.ToShortString()}", "is in no index: its data is missing from the repository", [chunk]));
        }
    }

    /// <summary>Downloads the chosen share of packs and verifies the pack's name and every blob in it.</summary>
    private async Task<(int Packs, long Bytes)> ReadDataAsync(List<IndexedPack> packs, CancellationToken cancellationToken)
    {
        if (options.ReadDataPercent <= 0 || packs.Count == 0)
        {
            return (0, 0);
        }

        var count = Math.Clamp((int)Math.Ceiling(packs.Count * options.ReadDataPercent / 100), 1, packs.Count);
        var chosen = options.ReadDataPercent >= 100 ? packs : packs.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(count).ToList();
        long bytes = 0;
        var gate = new Lock();
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (pack, ct) =>
        {
            var key = PackNames.KeyOf(pack.Id);
            byte[] data;
            try
            {
                data = await PackVerifier.ReadWholeAsync(repository.Store, key, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                return; // already reported by the structure check
            }
            catch (CorruptDataException e)
            {
                lock (gate)
                {
                    _problems.Add((key, e.Message, [.. pack.Blobs.Select(b => b.Id)]));
                }

                return;
            }

            var damaged = VerifyPack(pack, data);
            lock (gate)
            {
                bytes += data.Length;
                if (damaged.Count > 0)
                {
                    var hashOk = new ChunkId(SHA256.HashData(data)) == pack.Id;
                    _problems.Add((key, $"{damaged.Count} of {pack.Blobs.Count} blobs fail verification{(hashOk ? "" : "; the pack does not match its name")}", damaged));
                }
                else if (new ChunkId(SHA256.HashData(data)) != pack.Id)
                {
                    _problems.Add((key, "does not match its name (its header or padding changed)", []));
                }
            }
        }).ConfigureAwait(false);
        return (chosen.Count, bytes);
    }

    private HashSet<ChunkId> VerifyPack(IndexedPack pack, byte[] data)
    {
        var damaged = new HashSet<ChunkId>();
        foreach (var blob in pack.Blobs)
        {
            try
            {
                if ((long)blob.Offset + blob.Length > data.Length)
                {
                    throw new CorruptDataException("blob lies past the end of the pack");
                }

                repository.DecodeBlob(blob.Id, new BlobLocation(pack.Id, blob.Type, blob.Offset, blob.Length, blob.RawLength), data.AsSpan((int)blob.Offset, (int)blob.Length));
            }
            catch (CorruptDataException)
            {
                damaged.Add(blob.Id);
            }
        }

        return damaged;
    }

    private async Task<List<CheckProblem>> DescribeAsync(IReadOnlyList<SnapshotEntry> snapshots, CancellationToken cancellationToken)
    {
        var damagedBlobs = _problems.SelectMany(p => p.Blobs).ToHashSet();
        var users = damagedBlobs.Count == 0 ? [] : await AffectedFiles.FindAsync(repository, snapshots, damagedBlobs, cancellationToken).ConfigureAwait(false);
        return [.. _problems.Select(p => new CheckProblem(p.Key, p.Message)
        {
            Affected = [.. p.Blobs.SelectMany(b => users.GetValueOrDefault(b) ?? []).Distinct().Order(StringComparer.Ordinal)],
        })];
    }
}
