using Ferry.Repository;

namespace Ferry.Maintenance;

/// <summary>Retention works per device and set of paths: one device's schedule never thins out another's.</summary>
public static class SnapshotGroups
{
    public static IEnumerable<IGrouping<string, SnapshotEntry>> ByHostAndPaths(IEnumerable<SnapshotEntry> snapshots) =>
        snapshots.GroupBy(KeyOf, StringComparer.Ordinal);

    public static string KeyOf(SnapshotEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return KeyOf(entry.Snapshot.Host, entry.Snapshot.Paths);
    }

    public static string KeyOf(string host, IEnumerable<string> paths) =>
        $"{host}\n{string.Join('\n', paths.Order(StringComparer.Ordinal))}";
}
