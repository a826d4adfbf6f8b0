namespace Ferry.Backup.Live;

/// <summary>What kind of unit a group of files is, which decides how it is captured.</summary>
internal enum FileGroupKind
{
    /// <summary>One file, read until it stands still (or copied through SQLite when it is a database).</summary>
    Single,

    /// <summary>A file with <c>-wal</c>, <c>-shm</c> or <c>-journal</c> siblings: an SQLite database in use.</summary>
    Sqlite,

    /// <summary>Every file of a LevelDB folder (CURRENT, MANIFEST-*, tables, logs): one consistent set.</summary>
    LevelDb,
}

/// <summary>Files in one folder that are stored as of one moment. <see cref="Names"/>[0] is the database itself for <see cref="FileGroupKind.Sqlite"/>.</summary>
internal sealed record FileGroup(FileGroupKind Kind, string Folder, IReadOnlyList<string> Names);

/// <summary>
/// Sorts a folder's files into groups. Detection is by shape, never by the app: a folder holding
/// <c>CURRENT</c> and a <c>MANIFEST-*</c> is LevelDB; a file whose <c>-wal</c>, <c>-shm</c> or
/// <c>-journal</c> sits beside it may be an SQLite database (its header decides when it is read).
/// </summary>
internal static class FileGroups
{
    public static readonly string[] SqliteSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Each file's group, by file name. <paramref name="vanished"/> are names the folder's listing
    /// held whose files were gone a moment later: a LevelDB compaction removes the old MANIFEST just
    /// after writing the new one, so a listing can name only the old one and find it gone. The folder
    /// is still LevelDB, and is read as one set from its files as they are then.
    /// </summary>
    public static Dictionary<string, FileGroup> Plan(string folder, IReadOnlyList<string> files, IReadOnlyCollection<string>? vanished = null)
    {
        var groups = new Dictionary<string, FileGroup>(StringComparer.Ordinal);
        if (IsLevelDb(vanished is { Count: > 0 } ? [.. files, .. vanished] : files))
        {
            var set = new FileGroup(FileGroupKind.LevelDb, folder, files);
            foreach (var name in files)
            {
                groups[name] = set;
            }

            return groups;
        }

        var present = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var name in files)
        {
            if (groups.ContainsKey(name))
            {
                continue;
            }

            var siblings = SqliteSuffixes.Select(s => name + s).Where(present.Contains).ToList();
            var group = siblings.Count == 0
                ? new FileGroup(FileGroupKind.Single, folder, [name])
                : new FileGroup(FileGroupKind.Sqlite, folder, [name, .. siblings]);
            foreach (var member in group.Names)
            {
                groups[member] = group;
            }
        }

        return groups;
    }

    public static bool IsLevelDb(IReadOnlyCollection<string> files) =>
        files.Contains("CURRENT") && files.Any(f => f.StartsWith("MANIFEST-", StringComparison.Ordinal));
}
