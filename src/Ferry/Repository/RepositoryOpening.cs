using Ferry.Errors;
using Ferry.Repository.Cache;
using Ferry.Repository.Crypto;
using Ferry.Storage;

namespace Ferry.Repository;

/// <summary>
/// How a repository is opened: from the bucket (config read while <c>keys/</c> is listed, every key
/// file fetched at once), or from the device's <see cref="AccessCache"/> with the bucket's config and
/// key file read back alongside the command's first requests (docs/ROUNDTRIPS.md).
/// </summary>
internal static class RepositoryOpening
{
    /// <summary>
    /// Unwraps the cached key file with the password and opens the cached config: the key derivation
    /// (Argon2id, tens of milliseconds) the caller runs while the store makes its first requests.
    /// Null when they do not open (another password, or a damaged cache entry).
    /// </summary>
    public static (MasterKey Key, byte[] Config)? UnlockCached(CachedAccess cached, string password)
    {
        try
        {
            var key = KeyFile.Parse(cached.KeyFile, cached.KeyName).TryUnwrap(password);
            return key is null ? null : (key, SealedObjects.OpenNamed(key, FerryRepository.ConfigKey, cached.SealedConfig, FerryRepository.MaxConfigSize));
        }
        catch (CorruptDataException)
        {
            return null;
        }
    }

    /// <summary>The repository the cached key file and config open (<paramref name="unlocking"/>, from <see cref="UnlockCached"/>), or null when they do not.</summary>
    public static async Task<FerryRepository?> OpenCachedAsync(IObjectStore store, string password, TimeProvider time, CachedAccess cached, AccessCache access, Task<byte[]?> storedConfig, Task<(MasterKey Key, byte[] Config)?> unlocking, CancellationToken cancellationToken)
    {
        // The key file is read back too (alongside config, so at no cost in time): a key file lost or
        // damaged in the bucket must be noticed now, not when a new device cannot open the repository.
        var storedKey = GetOrNullAsync(store, cached.KeyName, RepositoryUnlock.MaxKeyFileSize, cancellationToken);
        if (await unlocking.ConfigureAwait(false) is not var (key, json))
        {
            storedKey.Abandon();
            return null;
        }

        var confirmed = ConfirmAsync(store, password, time, cached, access, storedConfig, storedKey, cancellationToken);
        return new FerryRepository(new AccessCheckedStore(store, confirmed), key, FerryRepository.ParseConfig(json), time, cached, confirmed);
    }

    /// <summary>
    /// Completes when the bucket still holds exactly the cached config and key file. When either
    /// differs, the bucket is opened as a device without a cache would: its error (a key file
    /// damaged, config lost, ...) is the one every command reports; if it opens the same config,
    /// only a key file changed and the cache is brought up to date; another config is another repository.
    /// </summary>
    private static async Task ConfirmAsync(IObjectStore store, string password, TimeProvider time, CachedAccess cached, AccessCache access, Task<byte[]?> storedConfig, Task<byte[]?> storedKey, CancellationToken cancellationToken)
    {
        await Task.WhenAll(storedConfig, storedKey).ConfigureAwait(false);
        var config = await storedConfig.ConfigureAwait(false);
        var keyFile = await storedKey.ConfigureAwait(false);
        if (config is not null && keyFile is not null && config.AsSpan().SequenceEqual(cached.SealedConfig) && keyFile.AsSpan().SequenceEqual(cached.KeyFile))
        {
            return;
        }

        var same = config is not null && config.AsSpan().SequenceEqual(cached.SealedConfig);
        if (!same)
        {
            access.Forget();
        }

        FerryRepository current;
        try
        {
            current = await OpenFromBucketAsync(store, password, time, Task.FromResult(config), cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryNotInitializedException e)
        {
            throw Changed(store, "it holds no repository now", e);
        }

        if (!same)
        {
            throw Changed(store, "it holds another repository now", null);
        }

        access.Write(current.Access);
    }

    private static RepositoryChangedException Changed(IObjectStore store, string what, Exception? inner) => new(
        $"{store.Location} is not the repository this device opened there before ({what}); nothing was written, and this device forgot the old key: run the command again", inner);

    public static async Task<FerryRepository> OpenFromBucketAsync(IObjectStore store, string password, TimeProvider time, Task<byte[]?> storedConfig, CancellationToken cancellationToken)
    {
        // The key files are listed while config is read: the two requests need nothing from each other.
        var keyNames = RepositoryUnlock.ListKeysAsync(store, cancellationToken);
        byte[]? sealedConfig;
        try
        {
            sealedConfig = await storedConfig.ConfigureAwait(false);
        }
        catch
        {
            keyNames.Abandon();
            throw;
        }

        if (sealedConfig is null)
        {
            keyNames.Abandon();
            throw await RepositoryUnlock.HoldsDataAsync(store, cancellationToken).ConfigureAwait(false)
                ? FerryRepository.ConfigMissing(store)
                : new RepositoryNotInitializedException($"no Ferry repository at {store.Location}") { Remedy = Remedy.CreateRepository };
        }

        var unlocked = await RepositoryUnlock.UnlockAsync(store, await keyNames.ConfigureAwait(false), sealedConfig, FerryRepository.ConfigKey, FerryRepository.MaxConfigSize, password, cancellationToken).ConfigureAwait(false);
        return new FerryRepository(store, unlocked.Key, FerryRepository.ParseConfig(unlocked.Config), time, unlocked.Access);
    }

    /// <summary>
    /// An object's stored bytes, or null when there is none. One larger than <paramref name="maxSize"/>
    /// is damage (or planted) and is refused before it is read into memory.
    /// </summary>
    public static async Task<byte[]?> GetOrNullAsync(IObjectStore store, string key, int maxSize, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(key, maxSize, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
        {
            throw new CorruptDataException(e.Message, e);
        }
    }
}
