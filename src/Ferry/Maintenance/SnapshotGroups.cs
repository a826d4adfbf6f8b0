using Ferry.Repository;

namespace Ferry.Maintenance;

/// <summary>Retention works per device and set of paths: one device's schedule never thins out another's.</summary>
public static class SnapshotGroups
{
    /// <summary>The snapshots grouped by device and set of paths, the unit retention rules apply to.</summary>
    public static IEnumerable<IGrouping<string, SnapshotEntry>> ByHostAndPaths(IEnumerable<SnapshotEntry> snapshots) =>
        snapshots.GroupBy(KeyOf, StringComparer.Ordinal);

    /// <summary>The group a snapshot belongs to: its device and its paths.</summary>
    public static string KeyOf(SnapshotEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return KeyOf(entry.Snapshot.Host, entry.Snapshot.Paths);
    }

    /// <summary>The group of a device and a set of paths (their order does not matter).</summary>
    public static string KeyOf(string host, IEnumerable<string> paths) =>
        $"{host}\n{string.Join('\n', paths.Order(StringComparer.Ordinal))}";
}
