using Ferry.Names;
using Ferry.Platform;
using Ferry.Platform.Names;

namespace Ferry.Backup;

/// <summary>
/// One folder as the backup sees it: the entries it stores, sorted by name, each with the status read
/// when the folder was listed, what could not be read (reported, not stored), and the names listed
/// whose entries were gone by their stat (<see cref="Live.FileGroups.Plan"/> needs them).
/// </summary>
internal sealed record FolderListing(List<(string Name, FileStatus Status)> Entries, List<FileProblem> Problems, List<string> Vanished)
{
    /// <summary>
    /// Lists <paramref name="folder"/> and stats each entry that is not excluded: one stat per entry, or
    /// none where the platform lists the status with the names (Windows).
    /// </summary>
    public static FolderListing Read(string folder, string relativePath, ExcludeFilter excludes)
    {
        var entries = new List<(string, FileStatus)>();
        var problems = new List<FileProblem>();
        var vanished = new List<string>();
        List<(string Name, FileStatus? Status)> listed;
        try
        {
            listed = List(folder);
            listed.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new FileProblem(folder, $"cannot list folder: {e.Message}"));
            return new FolderListing(entries, problems, vanished);
        }

        foreach (var (name, listedStatus) in listed)
        {
            var path = Path.Join(folder, name);
            if (excludes.Excludes(name, relativePath.Length == 0 ? name : $"{relativePath}/{name}", path))
            {
                continue;
            }

            if (!EntryName.IsCanonical(name))
            {
                // A Windows name holding half of a UTF-16 pair has no bytes to store.
                problems.Add(new FileProblem(path, "skipped: the name is not valid Unicode"));
                continue;
            }

            try
            {
                entries.Add((name, listedStatus ?? FileStatus.Of(path)));
            }
            catch (FileNotFoundException)
            {
                // Removed between the listing and now (a LevelDB compaction, a temp file): nothing to store.
                vanished.Add(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new FileProblem(path, e.Message));
            }
        }

        return new FolderListing(entries, problems, vanished);
    }

    private static List<(string Name, FileStatus? Status)> List(string folder) =>
        OsPlatform.Current.ListWithStatus(folder) ?? [.. NamedFiles.List(folder).Select(n => (n, (FileStatus?)null))];
}
