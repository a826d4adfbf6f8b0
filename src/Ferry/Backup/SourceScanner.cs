using Ferry.Platform;

namespace Ferry.Backup;

/// <summary>
/// Counts files and bytes ahead of the backup, in parallel with it, so progress can show a
/// percentage and an ETA. Metadata only; errors are left for the real walk to report.
/// </summary>
internal static class SourceScanner
{
    public static void Scan(IReadOnlyList<SourcePath> sources, ExcludeFilter excludes, BackupCounters counters, CancellationToken cancellationToken)
    {
        var pending = new Stack<(string Path, string Relative)>();
        foreach (var source in sources)
        {
            pending.Push((source.FullPath, ""));
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (path, relative) = pending.Pop();
            FileStatus status;
            try
            {
                status = FileStatus.Of(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (status.Kind == EntryKind.File)
            {
                counters.Scanned(1, status.Size);
            }
            else if (status.Kind == EntryKind.Directory)
            {
                foreach (var child in SafeList(path))
                {
                    var name = Path.GetFileName(child);
                    var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
                    if (!excludes.Excludes(name, childRelative, child))
                    {
                        pending.Push((child, childRelative));
                    }
                }
            }
        }

        counters.ScanComplete();
    }

    private static string[] SafeList(string folder)
    {
        try
        {
            return [.. Platform.Names.NamedFiles.List(folder).Select(name => Path.Join(folder, name))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
