using System.Security.Cryptography;
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
    /// <summary>The master key and the config's plaintext, or a one-line error that names the object at fault.</summary>
    public static async Task<(MasterKey Key, byte[] Config)> UnlockAsync(IObjectStore store, string configKey, int maxConfigSize, string password, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? damagedKey = null;
        await foreach (var o in store.ListAsync(FerryRepository.KeysPrefix, cancellationToken).ConfigureAwait(false))
        {
            // Only names Ferry writes are read (a name with a space is not a key file, and is no reason
            // to fail); one larger than any key file is damage or planted, and is not read at all.
            if (!IsKeyName(o.Key))
            {
                continue;
            }

            if (o.Size > MaxKeyFileSize)
            {
                damagedKey ??= $"{o.Key} has {o.Size} bytes, far more than a key file: it is damaged or was put there by someone else";
                continue;
            }

            names.Add(o.Key);
        }

        string? alteredKey = null;
        CorruptDataException? configError = null;
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            KeyFile keyFile;
            MasterKey? key;
            try
            {
                bytes = await store.GetAsync(name, MaxKeyFileSize, cancellationToken).ConfigureAwait(false);
                keyFile = KeyFile.Parse(bytes, name);
                key = keyFile.TryUnwrap(password);
            }
            catch (ObjectNotFoundException)
            {
                continue;
            }
            catch (StorageException e) when (e.Kind == StorageErrorKind.Corrupt)
            {
                damagedKey ??= e.Message;
                continue;
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
                return (key, await new SealedObjects(store, key).LoadNamedAsync(configKey, maxConfigSize, cancellationToken).ConfigureAwait(false));
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

        throw names.Count == 0
            ? new CorruptDataException($"the repository at {store.Location} has no keys/ objects: it was damaged")
            : new WrongPasswordException($"wrong password for the repository at {store.Location}: use the password it was created with (FERRY_PASSWORD or FERRY_PASSWORD_FILE)");
    }

    /// <summary>True when the location holds snapshots, index objects or packs: a repository, even if its config is gone.</summary>
    public static async Task<bool> HoldsDataAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        foreach (var prefix in new[] { FerryRepository.SnapshotsPrefix, FerryRepository.IndexPrefix, Packs.PackNames.Prefix })
        {
            await foreach (var _ in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
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
