using Ferry.Storage;

namespace Ferry.Foreign;

/// <summary>Finds the apps' own backups that live beside the repository under the same root.</summary>
public static class ForeignBackups
{
    /// <summary>Every foreign backup under the store's root, newest first.</summary>
    public static async Task<IReadOnlyList<ForeignBackup>> ListAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = new List<ForeignBackup>();
        await foreach (var o in store.ListAsync(CherryBackupName.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (CherryBackupName.TryParse(o.Key, o.Size) is { } backup)
            {
                found.Add(backup);
            }
        }

        return [.. found.OrderByDescending(b => b.Time).ThenBy(b => b.Key, StringComparer.Ordinal)];
    }

    /// <summary>True when <paramref name="reference"/> names a foreign backup rather than a snapshot.</summary>
    public static bool IsForeignKey(string reference) => CherryBackupName.TryParse(reference, 0) is not null;

    /// <summary>The foreign backup stored under <paramref name="key"/>; a <see cref="Errors.FerryException"/> when there is none.</summary>
    public static async Task<ForeignBackup> FindAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var backup = CherryBackupName.TryParse(key, 0)
            ?? throw new Errors.FerryException($"'{key}' is not the name of a Cherry Studio backup (cherry-studio.<yyyyMMddHHmmss>.<host>.<device>.zip)");
        var info = await store.StatAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new Errors.FerryException($"no object '{key}' under {store.Location}") { Remedy = Errors.Remedy.ListForeignBackups };
        return backup with { Size = info.Size };
    }
}
