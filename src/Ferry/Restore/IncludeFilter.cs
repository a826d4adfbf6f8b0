namespace Ferry.Restore;

/// <summary>
/// <c>--include PATH</c>: restore only these paths (and everything below them). Folders above an
/// included path are kept so the path has somewhere to land.
/// </summary>
internal sealed class IncludeFilter(IReadOnlyList<string> includes)
{
    private readonly string[] _paths = [.. includes.Select(p => p.Replace('\\', '/').Trim('/')).Where(p => p.Length > 0)];

    public bool Wants(string relative, bool isDirectory)
    {
        if (_paths.Length == 0)
        {
            return true;
        }

        foreach (var path in _paths)
        {
            if (relative == path || relative.StartsWith(path + "/", StringComparison.Ordinal))
            {
                return true;
            }

            if (isDirectory && path.StartsWith(relative + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
