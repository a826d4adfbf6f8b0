using Ferry.Names;

namespace Ferry.Restore;

/// <summary>
/// <c>--include PATH</c>: restore only these paths (and everything below them). Folders above an
/// included path are kept so the path has somewhere to land.
/// </summary>
internal sealed class IncludeFilter(IReadOnlyList<string> includes)
{
    private readonly HashSet<string> _matched = new(StringComparer.Ordinal);

    /// <summary>'/'-separated, no leading or trailing slash, no duplicates, none inside another; a path may be given as <see cref="NameText"/> shows it.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> includes)
    {
        var paths = includes.Select(NameText.ParsePath).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var path in paths)
        {
            if (path.Split('/').Any(segment => segment is "" or "." or ".."))
            {
                throw new RestoreTargetException($"the path to restore {NameText.Show(path)} must be a plain path inside the snapshot (no '.', '..' or empty parts)");
            }
        }

        return [.. paths.Where(p => !paths.Any(other => p.StartsWith(other + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Included paths that named nothing in the snapshot.</summary>
    public IEnumerable<string> Unmatched => includes.Where(p => !_matched.Contains(p));

    public bool Wants(string relative, bool isDirectory)
    {
        if (includes.Count == 0)
        {
            return true;
        }

        foreach (var path in includes)
        {
            if (relative == path)
            {
                _matched.Add(path);
                return true;
            }

            if (relative.StartsWith(path + "/", StringComparison.Ordinal) || (isDirectory && path.StartsWith(relative + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
