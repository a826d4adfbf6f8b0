namespace Ferry.Restore;

/// <summary>
/// Folders beside the restore target, on the same file system so they can be swapped with it:
/// <c>.NAME.ferry-staging-ID</c> (a restore being written, or the old tree after a swap) and
/// <c>.NAME.ferry-parked-ID</c> (the old tree between two renames, where an atomic swap is not available).
/// Anything found there from an interrupted run is cleaned up before the next restore starts.
/// </summary>
internal static class StagingArea
{
    public static string NewStaging(string target) => Beside(target, "staging");

    public static string NewParking(string target) => Beside(target, "parked");

    /// <summary>
    /// Puts back a target that a crash left parked (it is the complete old tree), then removes every
    /// leftover staging folder. Never removes the only copy of anything: a staging folder is either
    /// an unfinished restore or an old tree already kept by the safety snapshot.
    /// </summary>
    public static void CleanUp(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(target);
        var parked = Leftovers.Find(parent, $".{name}.ferry-parked-*");
        if (!Path.Exists(target) && parked.Length > 0)
        {
            Directory.Move(parked[0], target);
        }

        foreach (var leftover in Leftovers.Find(parent, $".{name}.ferry-staging-*").Concat(Leftovers.Find(parent, $".{name}.ferry-parked-*")))
        {
            if (Path.Exists(leftover))
            {
                DeleteTree(leftover);
            }
        }
    }

    /// <summary>Deletes a tree, first making read-only folders writable (a restored tree may hold them).</summary>
    public static void DeleteTree(string path)
    {
        if (new DirectoryInfo(path).LinkTarget is not null)
        {
            // A link is removed, never walked: what it points to is not ours to change.
            File.Delete(path);
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            foreach (var dir in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Prepend(path))
            {
                if (new DirectoryInfo(dir).LinkTarget is null)
                {
                    File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
        }

        Directory.Delete(path, recursive: true);
    }

    private static string Beside(string target, string kind) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.ferry-{kind}-{Guid.NewGuid():N}"[..^24]);
}
