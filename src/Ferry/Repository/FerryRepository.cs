using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Errors;
using Ferry.Repository.Cache;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Storage;

namespace Ferry.Repository;

/// <summary>
/// An open repository: the object store, the master key and the format's rules. The entry point for
/// embedding Ferry: open one, then back up, restore or manage snapshots with it.
/// </summary>
public sealed class FerryRepository
{
    internal const string ConfigKey = "config";
    internal const string KeysPrefix = "keys/";
    internal const string IndexPrefix = "index/";
    internal const string SnapshotsPrefix = "snapshots/";

    internal const int MaxConfigSize = 1024 * 1024;
    private const int MaxSnapshotSize = 16 * 1024 * 1024;
    private const int Parallelism = 8;

    /// <summary>Memory for recently read tree packs: enough for the trees of a large app-data folder.</summary>
    private const long TreeCacheBytes = 64 * 1024 * 1024;

    private readonly Lock _indexGate = new();
    private readonly TreePackCache _trees;
    private readonly bool _accessFromCache;
    private Task<MasterIndex>? _index;

    internal FerryRepository(IObjectStore store, MasterKey key, RepositoryConfig config, TimeProvider time, CachedAccess access, Task? confirmed = null)
    {
        _trees = new TreePackCache(store, TreeCacheBytes);
        Access = access;
        _accessFromCache = confirmed is not null;
        Store = store;
        Key = key;
        Config = config;
        Time = time;
        Objects = new SealedObjects(store, key);
        Confirmed = confirmed ?? Task.CompletedTask;
    }

    /// <summary>Where the repository lives (no secrets).</summary>
    public string Location => Store.Location;

    /// <summary>The repository's random id.</summary>
    public string Id => Config.Id;

    /// <summary>The clock the repository stamps snapshots and locks with.</summary>
    public TimeProvider Time { get; }

    internal IObjectStore Store { get; }

    internal MasterKey Key { get; }

    internal RepositoryConfig Config { get; }

    internal SealedObjects Objects { get; }

    /// <summary>
    /// Done once the bucket has confirmed that the repository is the one the cached key opened (see
    /// <see cref="AccessCache"/>); faulted with a <see cref="RepositoryChangedException"/> when it is not.
    /// Already done for a repository opened from the bucket itself.
    /// </summary>
    internal Task Confirmed { get; }

    /// <summary>The key file and config this repository was opened with, for the <see cref="AccessCache"/>.</summary>
    internal CachedAccess Access { get; }

    /// <summary>
    /// Keeps snapshots, index objects and tree packs under <paramref name="directory"/>/&lt;repository id&gt;
    /// between commands (they are immutable and stay encrypted), so each is downloaded once, and
    /// remembers the key file and config so the next command opens without asking for them.
    /// </summary>
    public void UseCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Config.Validate();
        var cache = new Cache.ObjectCache(Path.Combine(directory, Id));
        Objects.Cache = cache;
        _trees.Disk = cache;
        if (!_accessFromCache)
        {
            new AccessCache(directory, Location).Write(Access);
        }
    }

    internal Cache.ObjectCache? Cache => Objects.Cache;

    /// <summary>Reads everything from the bucket from now on: a check verifies what is stored there, not a local copy.</summary>
    internal void BypassCache()
    {
        Objects.Cache = null;
        _trees.Disk = null;
    }

    /// <summary>True when the location holds a repository (its <c>config</c> object exists).</summary>
    public static async Task<bool> IsInitializedAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // A listing rather than a HEAD: S3 answers a HEAD with a bare status code, so a wrong secret
        // or a missing bucket would look alike; a listing's error names the real cause.
        await foreach (var o in store.ListAsync(ConfigKey, cancellationToken).ConfigureAwait(false))
        {
            if (o.Key == ConfigKey)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates a new repository. Other objects under the location (an app's own backups) are left alone.</summary>
    public static Task<FerryRepository> InitAsync(IObjectStore store, string password, string host, TimeProvider time, CancellationToken cancellationToken) =>
        InitAsync(store, password, host, time, cacheDirectory: null, cancellationToken);

    /// <summary>
    /// Creates a repository as <see cref="InitAsync(IObjectStore, string, string, TimeProvider, CancellationToken)"/> does and, with a
    /// <paramref name="cacheDirectory"/>, keeps its local cache there from the start, as <see cref="OpenAsync(IObjectStore, string, TimeProvider, string?, CancellationToken)"/>
    /// does: the device's next command opens it without asking the bucket for its key and config.
    /// </summary>
    public static async Task<FerryRepository> InitAsync(IObjectStore store, string password, string host, TimeProvider time, string? cacheDirectory, CancellationToken cancellationToken)
    {
        var repository = await CreateAsync(store, password, host, time, cancellationToken).ConfigureAwait(false);
        if (cacheDirectory is not null)
        {
            repository.UseCache(cacheDirectory);
        }

        return repository;
    }

    private static async Task<FerryRepository> CreateAsync(IObjectStore store, string password, string host, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        CheckPassword(password);
        PasswordStrength.EnsureStrongForNewRepository(password);
        if (await IsInitializedAsync(store, cancellationToken).ConfigureAwait(false))
        {
            throw new FerryException($"a repository already exists at {store.Location}: use it, or choose another root path or folder");
        }

        // A new config over old data would make every snapshot there unreadable.
        if (await RepositoryUnlock.HoldsDataAsync(store, cancellationToken).ConfigureAwait(false))
        {
            throw ConfigMissing(store);
        }

        var key = MasterKey.CreateRandom();
        var keyFile = KeyFile.Wrap(key, password, PasswordKdf.CreateDefault(), time.GetUtcNow(), host).ToJson();
        var keyName = KeysPrefix + Convert.ToHexStringLower(SHA256.HashData(keyFile));
        await store.PutAsync(keyName, keyFile, cancellationToken).ConfigureAwait(false);

        var config = new RepositoryConfig
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ChunkerMin = FormatDefaults.ChunkerMin,
            ChunkerAvg = FormatDefaults.ChunkerAvg,
            ChunkerMax = FormatDefaults.ChunkerMax,
            ChunkerSeed = RandomNumberGenerator.GetBytes(32),
            PackSize = FormatDefaults.PackSize,
        };
        var sealedConfig = SealedObjects.SealNamed(key, ConfigKey, JsonSerializer.SerializeToUtf8Bytes(config, FormatJson.Default.RepositoryConfig));
        // The config goes last: until it exists the location does not count as a repository.
        await store.PutAsync(ConfigKey, sealedConfig, cancellationToken).ConfigureAwait(false);
        return new FerryRepository(store, key, config, time, new CachedAccess(keyName, keyFile, sealedConfig));
    }

    /// <summary>Opens an existing repository with its password.</summary>
    public static Task<FerryRepository> OpenAsync(IObjectStore store, string password, TimeProvider time, CancellationToken cancellationToken) =>
        OpenAsync(store, password, time, cacheDirectory: null, cancellationToken);

    /// <summary>
    /// Opens an existing repository with its password and, with a <paramref name="cacheDirectory"/>,
    /// keeps a local cache there (<see cref="UseCache"/>). A location opened before from this cache
    /// opens without waiting for the bucket: the key file and config kept from last time are used
    /// at once, and the bucket's <c>config</c> is compared with them alongside the command's first
    /// requests. Nothing is read or stored beyond listings and locks until it matches (see docs/ROUNDTRIPS.md).
    /// </summary>
    public static async Task<FerryRepository> OpenAsync(IObjectStore store, string password, TimeProvider time, string? cacheDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        CheckPassword(password);
        var access = cacheDirectory is null ? null : new AccessCache(cacheDirectory, store.Location);
        var cached = access?.TryRead() is { } entry && RepositoryUnlock.IsKeyName(entry.KeyName) ? entry : null;

        // The key derivation runs on another core while the store sends its first requests: on the
        // first call the S3 client builds its pipeline, tens of milliseconds it need not wait for.
        var unlocking = cached is null ? null : Task.Run(() => RepositoryOpening.UnlockCached(cached, password), cancellationToken);
        var storedConfig = RepositoryOpening.GetOrNullAsync(store, ConfigKey, SealedObjects.MaxStoredSize(MaxConfigSize), cancellationToken);
        var repository = (cached is null ? null : await RepositoryOpening.OpenCachedAsync(store, password, time, cached, access!, storedConfig, unlocking!, cancellationToken).ConfigureAwait(false))
            ?? await RepositoryOpening.OpenFromBucketAsync(store, password, time, storedConfig, cancellationToken).ConfigureAwait(false);
        if (cacheDirectory is not null)
        {
            repository.UseCache(cacheDirectory);
        }

        return repository;
    }

    internal static RepositoryConfig ParseConfig(byte[] json)
    {
        RepositoryConfig config;
        try
        {
            config = JsonSerializer.Deserialize(json, FormatJson.Default.RepositoryConfig) ?? throw new CorruptDataException("config is empty");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException($"config is not valid: {e.Message}", e);
        }

        if (config.Version != RepositoryConfig.CurrentVersion)
        {
            throw new FerryException($"the repository uses format version {config.Version}; this Ferry reads version {RepositoryConfig.CurrentVersion}: update Ferry");
        }

        config.Validate();

        return config;
    }

    /// <summary>Every readable snapshot, newest first; damaged snapshot objects are skipped (see <see cref="ListSnapshotsCheckedAsync"/>).</summary>
    public async Task<IReadOnlyList<SnapshotEntry>> ListSnapshotsAsync(CancellationToken cancellationToken) =>
        (await ListSnapshotsCheckedAsync(cancellationToken).ConfigureAwait(false)).Snapshots;

    /// <summary>
    /// Every snapshot, newest first, and the snapshot objects that could not be read. One damaged
    /// object must not hide the others, nor stop the next backup.
    /// </summary>
    public async Task<SnapshotListing> ListSnapshotsCheckedAsync(CancellationToken cancellationToken)
    {
        var ids = new List<ChunkId>();
        await foreach (var o in Store.ListAsync(SnapshotsPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (ChunkId.TryParse(o.Key[SnapshotsPrefix.Length..], out var id))
            {
                ids.Add(id);
            }
        }

        // Cached snapshots are read without the store: what they say counts only once the bucket
        // confirmed this is the repository they belong to (usually done by now, in parallel).
        await Confirmed.WaitAsync(cancellationToken).ConfigureAwait(false);

        Cache?.Retain(SnapshotsPrefix, ids.Select(id => SnapshotsPrefix + id).ToHashSet());
        var snapshots = new ConcurrentBag<SnapshotEntry>();
        var damaged = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                snapshots.Add(await LoadSnapshotAsync(id, ct).ConfigureAwait(false));
            }
            catch (ObjectNotFoundException)
            {
                // Deleted by another device between the listing and the read.
            }
            catch (CorruptDataException e)
            {
                damaged.Add(e.Message);
            }
        }).ConfigureAwait(false);
        return new SnapshotListing(
            [.. snapshots.OrderByDescending(s => s.Snapshot.Time).ThenBy(s => s.Id, StringComparer.Ordinal)],
            [.. damaged.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Finds a snapshot by full id, a unique prefix of at least 8 hex digits, or "latest"
    /// (the newest, of <paramref name="host"/> when given).
    /// </summary>
    public async Task<SnapshotEntry> FindSnapshotAsync(string reference, string? host, CancellationToken cancellationToken) =>
        FindSnapshot(await ListSnapshotsAsync(cancellationToken).ConfigureAwait(false), reference, host);

    /// <summary>
    /// <see cref="FindSnapshotAsync"/> within a listing already made (<see cref="ListSnapshotsAsync"/>, newest
    /// first): resolving several references costs one listing, not one each.
    /// </summary>
    public static SnapshotEntry FindSnapshot(IReadOnlyList<SnapshotEntry> all, string reference, string? host)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (reference == "latest")
        {
            return all.FirstOrDefault(s => host is null || s.Snapshot.Host == host)
                ?? throw (host is null ? new SnapshotNotFoundException("the repository has no snapshots yet") : new SnapshotNotFoundException($"no snapshot of host '{host}'") { Remedy = Remedy.ListSnapshots });
        }

        var wanted = reference.ToLowerInvariant();
        if (wanted.Length < 8 || !wanted.All(Uri.IsHexDigit))
        {
            throw new SnapshotNotFoundException($"'{reference}' is not a snapshot id: give at least 8 hex digits or 'latest'");
        }

        var matches = all.Where(s => s.Id.StartsWith(wanted, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SnapshotNotFoundException($"no snapshot {reference}") { Remedy = Remedy.ListSnapshots },
            _ => throw new SnapshotNotFoundException($"'{reference}' matches {matches.Count} snapshots: give more digits"),
        };
    }

    /// <summary>Reads and decrypts one snapshot by its full id.</summary>
    public async Task<SnapshotEntry> LoadSnapshotAsync(ChunkId id, CancellationToken cancellationToken)
    {
        var json = await Objects.LoadAsync(SnapshotsPrefix, id, MaxSnapshotSize, cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = JsonSerializer.Deserialize(json, FormatJson.Default.Snapshot) ?? throw new CorruptDataException($"snapshot {id} is empty");
            return new SnapshotEntry(id.ToString(), snapshot);
        }
        catch (JsonException e)
        {
            throw new CorruptDataException($"snapshot {id.ToShortString()} is not valid: {e.Message}", e);
        }
    }

    internal async Task<string> SaveSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, FormatJson.Default.Snapshot);
        return (await Objects.SaveAsync(SnapshotsPrefix, json, cancellationToken).ConfigureAwait(false)).ToString();
    }

    /// <summary>Removes a snapshot. Its data stays until a prune finds nothing else uses it.</summary>
    public Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken) =>
        Store.DeleteAsync(SnapshotsPrefix + ChunkId.Parse(id), cancellationToken);

    /// <summary>The index of every pack, loaded once (all index objects, in parallel).</summary>
    internal Task<MasterIndex> LoadIndexAsync(CancellationToken cancellationToken)
    {
        lock (_indexGate)
        {
            if (_index is null || _index.IsFaulted || _index.IsCanceled)
            {
                _index = IndexLoader.LoadAsync(this, Parallelism, cancellationToken);
            }

            return _index;
        }
    }

    /// <summary>Reads one blob, verified against its id.</summary>
    internal async Task<byte[]> ReadBlobAsync(ChunkId id, CancellationToken cancellationToken)
    {
        var index = await LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (!index.TryGet(id, out var location))
        {
            throw new CorruptDataException($"blob {id.ToShortString()} is not in any index: the repository is missing data") { Remedy = Remedy.CheckRepository };
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = await _trees.TryReadAsync(index, location, cancellationToken).ConfigureAwait(false)
                ?? await Store.GetRangeAsync(PackNames.KeyOf(location.Pack), location.Offset, (int)location.Length, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
        {
            // A pack cut short or swapped for a smaller one: damaged data, reported like a failed tag.
            throw new CorruptDataException(e.Message, e);
        }

        return DecodeBlob(id, location, sealedBytes);
    }

    /// <summary>Decrypts and checks one blob read from its pack.</summary>
    internal byte[] DecodeBlob(ChunkId id, BlobLocation location, ReadOnlySpan<byte> sealedBytes)
    {
        var plain = new byte[location.RawLength];
        DecodeBlobInto(id, location, sealedBytes, plain);
        return plain;
    }

    /// <summary>Decrypts and checks one blob into <paramref name="destination"/> (exactly its plaintext length).</summary>
    internal void DecodeBlobInto(ChunkId id, BlobLocation location, ReadOnlySpan<byte> sealedBytes, Span<byte> destination)
    {
        var what = $"blob {id.ToShortString()} in pack {location.Pack.ToShortString()}";
        BlobCodec.DecodeInto(Key, sealedBytes, destination, what);
        if (Key.IdOf(destination) != id)
        {
            throw new CorruptDataException($"{what} does not match its id");
        }
    }

    internal async Task<Tree> LoadTreeAsync(ChunkId id, CancellationToken cancellationToken) =>
        Tree.Parse(await ReadBlobAsync(id, cancellationToken).ConfigureAwait(false), $"tree {id.ToShortString()}");

    internal static CorruptDataException ConfigMissing(IObjectStore store) => new(
        $"{store.Location} holds Ferry snapshots and data but its config object is missing: the repository is damaged; put 'config' back from a copy of the bucket, or use another root path or folder (nothing was written)");

    /// <summary>The error every front end gives when no password is configured: where to give one is theirs to say.</summary>
    public static FerryException MissingPassword() => new("no encryption password") { Remedy = Remedy.GivePassword };

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw MissingPassword();
        }
    }
}

/// <summary>The snapshots that could be read, and a message for each snapshot object that could not.</summary>
public sealed record SnapshotListing(IReadOnlyList<SnapshotEntry> Snapshots, IReadOnlyList<string> Damaged);

/// <summary>A snapshot and its id.</summary>
public sealed record SnapshotEntry(string Id, Snapshot Snapshot)
{
    /// <summary>The first eight hex characters of the id, as shown to people.</summary>
    public string ShortId => Id[..8];
}
