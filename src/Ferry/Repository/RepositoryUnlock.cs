using System.Security.Cryptography;
using Ferry.Errors;
using Ferry.Repository.Cache;
using Ferry.Repository.Crypto;
using Ferry.Storage;

namespace Ferry.Repository;

/// <summary>
/// Finds the master key that opens a repository's config. Every key file the password unwraps is
/// tried against the config, so a key left by an interrupted <c>init</c> (its config never written)
/// or a damaged key file beside a good one does not lock anyone out.
/// </summary>
internal static class RepositoryUnlock
{
    /// <summary>
    /// The master key that opens <paramref name="sealedConfig"/> (the stored bytes of <c>config</c>) and
    /// the key file it came from, or a one-line error that names the object at fault. The key files
    /// (<paramref name="keys"/>, from <see cref="ListKeysAsync"/>) are fetched all at once: one round
    /// trip however many there are.
    /// </summary>
    public static async Task<UnlockedRepository> UnlockAsync(IObjectStore store, IReadOnlyCollection<ObjectInfo> keys, byte[] sealedConfig, string configKey, int maxConfigSize, string password, CancellationToken cancellationToken)
    {
        string? damagedKey = null;
        var names = new List<string>();
        foreach (var o in keys.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            // One larger than any key file is damage or planted, and is not read at all.
            if (o.Size > MaxKeyFileSize)
            {
                damagedKey ??= $"{o.Key} has {o.Size} bytes, far more than a key file: it is damaged or was put there by someone else";
                continue;
            }

            names.Add(o.Key);
        }

        var files = await Task.WhenAll(names.Select(name => TryGetAsync(store, name, cancellationToken))).ConfigureAwait(false);
        string? alteredKey = null;
        CorruptDataException? configError = null;
        for (var i = 0; i < names.Count; i++)
        {
            var (name, (bytes, error)) = (names[i], files[i]);
            if (error is not null)
            {
                damagedKey ??= error;
                continue;
            }

            if (bytes is null)
            {
                continue;
            }

            MasterKey? key;
            try
            {
                key = KeyFile.Parse(bytes, name).TryUnwrap(password);
            }
            catch (CorruptDataException e)
            {
                damagedKey ??= $"{name}: {e.Message}";
                continue;
            }

            if (key is null)
            {
                // Not this password's key, or an altered one: only the name can tell them apart.
                alteredKey ??= MatchesItsName(name, bytes) ? null : name;
                continue;
            }

            try
            {
                return new UnlockedRepository(key, SealedObjects.OpenNamed(key, configKey, sealedConfig, maxConfigSize), new CachedAccess(name, bytes, sealedConfig));
            }
            catch (CorruptDataException e)
            {
                // Either this key is not the config's (left by an interrupted init, or put here by
                // someone else) or the config is damaged: another key may still open it.
                configError ??= MatchesItsName(name, bytes)
                    ? e
                    : new CorruptDataException($"{name} does not match its name: it was changed or replaced after it was stored, and the key in it does not open the config", e);
            }
        }

        if (configError is not null)
        {
            throw configError;
        }

        if (alteredKey is not null)
        {
            throw new CorruptDataException($"{alteredKey} does not match its name: it was changed or damaged after it was stored, and no other key file opens the repository at {store.Location} with this password");
        }

        if (damagedKey is not null)
        {
            throw new CorruptDataException($"{damagedKey}; no other key file opens the repository at {store.Location} with this password");
        }

        throw keys.Count == 0
            ? new CorruptDataException($"the repository at {store.Location} has no keys/ objects: it was damaged")
            : new WrongPasswordException($"wrong password for the repository at {store.Location}: it opens only with the password it was created with") { Remedy = Remedy.GivePassword };
    }

    /// <summary>
    /// The key files under <c>keys/</c>. Only names Ferry writes are kept: a name with a space is not a
    /// key file, and is no reason to fail.
    /// </summary>
    public static async Task<List<ObjectInfo>> ListKeysAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var keys = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(FerryRepository.KeysPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (IsKeyName(o.Key))
            {
                keys.Add(o);
            }
        }

        return keys;
    }

    /// <summary>A key file's bytes; null bytes when it was removed since the listing; an error when it is too large to be one.</summary>
    private static async Task<(byte[]? Bytes, string? Error)> TryGetAsync(IObjectStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetAsync(name, MaxKeyFileSize, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ObjectNotFoundException)
        {
            return (null, null);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
        {
            return (null, e.Message);
        }
    }

    /// <summary>True when the location holds snapshots, index objects or packs: a repository, even if its config is gone.</summary>
    public static async Task<bool> HoldsDataAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var prefixes = new[] { FerryRepository.SnapshotsPrefix, FerryRepository.IndexPrefix, Packs.PackNames.Prefix };
        var found = await Task.WhenAll(prefixes.Select(async prefix =>
        {
            await foreach (var _ in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            return false;
        })).ConfigureAwait(false);
        return found.Any(f => f);
    }

    /// <summary>A key file is JSON of a few hundred bytes.</summary>
    public const int MaxKeyFileSize = 64 * 1024;

    /// <summary><c>keys/</c> and 64 lowercase hex digits: the only names Ferry gives key files.</summary>
    public static bool IsKeyName(string key) =>
        key.StartsWith(FerryRepository.KeysPrefix, StringComparison.Ordinal) && ChunkId.TryParse(key[FerryRepository.KeysPrefix.Length..], out var id)
        && key == FerryRepository.KeysPrefix + id;

    /// <summary>Key files, like every object, are named by the SHA-256 of their bytes.</summary>
    public static bool MatchesItsName(string name, byte[] bytes) =>
        name.EndsWith(Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.Ordinal);
}

/// <summary>An unlocked repository: its master key, the config's plaintext, and what to remember locally to open it again.</summary>
internal sealed record UnlockedRepository(MasterKey Key, byte[] Config, CachedAccess Access);
