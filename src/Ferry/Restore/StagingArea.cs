using Ferry.Platform.Exchange;

namespace Ferry.Restore;

/// <summary>
/// Folders beside the restore target, on the same file system so they can be swapped with it:
/// <c>.NAME.ferry-staging-ID</c> (a restore being written, or the old tree after a swap),
/// <c>.NAME.ferry-parked-ID</c> (an old tree between two renames, where an atomic swap is not
/// available) and the journal of such a swap, <c>.NAME.ferry-exchange-ID</c>. Anything found there
/// from an interrupted run is finished or cleaned up before the next restore starts.
/// </summary>
internal static class StagingArea
{
    public static string NewStaging(string target) => Beside(target, "staging");

    /// <summary>Where a swap that is not atomic journals itself and parks the old tree: beside the top target, also for an included path inside it.</summary>
    public static ExchangeSpace NewExchangeSpace(string target) => new(Beside(target, "exchange"), Beside(target, "parked"));

    /// <summary>
    /// Finishes swaps a crash interrupted (each journal: the old tree back, or the new one kept), puts
    /// back a target an older Ferry left parked without a journal, then removes every leftover staging
    /// and parked folder. Never removes the only copy of anything: a staging folder is either an
    /// unfinished restore or an old tree already kept by the safety snapshot.
    /// </summary>
    public static void CleanUp(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(target);
        foreach (var journal in Leftovers.FindFiles(parent, $".{name}.ferry-exchange-*"))
        {
            if (journal.EndsWith(ExchangeJournal.TemporarySuffix, StringComparison.Ordinal))
            {
                File.Delete(journal); // never finished: no rename followed it
            }
            else
            {
                JournaledExchange.Recover(journal);
            }
        }

        var parked = Leftovers.Find(parent, $".{name}.ferry-parked-*");
        if (!Path.Exists(target) && parked.Length > 0)
        {
            Directory.Move(parked[0], target);
        }

        foreach (var leftover in Leftovers.Find(parent, $".{name}.ferry-staging-*").Concat(Leftovers.Find(parent, $".{name}.ferry-parked-*")))
        {
            if (Directory.Exists(leftover))
            {
                DeleteTree(leftover);
            }
            else if (Path.Exists(leftover))
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>Deletes a tree, first making read-only folders (Unix) or read-only entries (Windows) writable: a restored tree may hold them.</summary>
    public static void DeleteTree(string path)
    {
        if (new DirectoryInfo(path).LinkTarget is not null)
        {
            // A link is removed, never walked: what it points to is not ours to change.
            File.Delete(path);
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            // By bytes: a name that is not UTF-8 is one .NET can list but not delete.
            Platform.Names.NamedFiles.DeleteTree(path);
            return;
        }

        var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        if (OperatingSystem.IsWindows())
        {
            foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", all).Prepend(new DirectoryInfo(path)))
            {
                if ((entry.Attributes & (FileAttributes.ReadOnly | FileAttributes.ReparsePoint)) == FileAttributes.ReadOnly)
                {
                    entry.Attributes &= ~FileAttributes.ReadOnly;
                }
            }
        }
        else
        {
            foreach (var dir in Directory.EnumerateDirectories(path, "*", all).Prepend(path))
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
