using Ferry.Errors;
using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Operations;

/// <summary>An app's own backup in the listing, with the snapshot it was imported as, if it was.</summary>
public sealed record ForeignListingEntry(ForeignBackup Backup, string? ImportedAs);

/// <summary>Ferry's snapshots and the apps' own backups beside them, each list newest first.</summary>
public sealed record BackupListing(IReadOnlyList<SnapshotEntry> Snapshots, IReadOnlyList<ForeignListingEntry> Foreign);

/// <summary>Listing both kinds of backup under one root, as the Manage list shows them.</summary>
public static class ListBackups
{
    /// <summary>
    /// Every snapshot and foreign backup under <paramref name="store"/>'s root, of device
    /// <paramref name="host"/> or of all when null. Works before any Ferry repository exists there:
    /// <paramref name="open"/> is called only when one does.
    /// </summary>
    public static async Task<BackupListing> ListAsync(IObjectStore store, Func<CancellationToken, Task<FerryRepository>> open, string? host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(open);
        // The apps' zips are listed alongside: nothing in the snapshots' chain of requests waits for them.
        var zips = ForeignBackups.ListAsync(store, cancellationToken);
        List<SnapshotEntry> snapshots = [];
        try
        {
            if (await FerryRepository.IsInitializedAsync(store, cancellationToken).ConfigureAwait(false))
            {
                var repository = await open(cancellationToken).ConfigureAwait(false);
                snapshots.AddRange((await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Where(s => host is null || s.Snapshot.Host == host));
            }
        }
        catch
        {
            zips.Abandon();
            throw;
        }

        // An import tags its snapshot with the zip's key (ForeignImporter): the first such snapshot is the one shown.
        var imported = snapshots.SelectMany(s => s.Snapshot.Tags.Select(t => (Tag: t, s.ShortId)))
            .GroupBy(t => t.Tag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().ShortId, StringComparer.Ordinal);
        var foreign = (await zips.ConfigureAwait(false))
            .Where(f => host is null || string.Equals(f.Host, host, StringComparison.OrdinalIgnoreCase))
            .Select(f => new ForeignListingEntry(f, imported.GetValueOrDefault(f.Key)))
            .ToList();
        return new BackupListing(snapshots, foreign);
    }
}
