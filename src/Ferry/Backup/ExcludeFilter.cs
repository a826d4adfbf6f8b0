using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;

namespace Ferry.Backup;

/// <summary>
/// Exclude patterns, as restic users know them: <c>Cache</c> or <c>*.log</c> (no slash) match an entry
/// of that name anywhere; <c>Data/Files</c> or <c>**/GPUCache</c> match the path below the source
/// folder; <c>/abs/path</c> matches an absolute path. <c>*</c> stays within a name, <c>**</c> crosses folders.
/// </summary>
internal sealed class ExcludeFilter
{
    private readonly List<string> _names = [];
    private readonly List<Regex> _paths = [];

    public ExcludeFilter(IEnumerable<string> patterns)
    {
        foreach (var raw in patterns)
        {
            var pattern = raw.Replace('\\', '/').TrimEnd('/');
            if (pattern.Length == 0)
            {
                continue;
            }

            if (pattern.Contains('/', StringComparison.Ordinal))
            {
                _paths.Add(ToRegex(pattern));
            }
            else
            {
                _names.Add(pattern);
            }
        }
    }

    public bool IsEmpty => _names.Count == 0 && _paths.Count == 0;

    /// <summary>True when the entry <paramref name="name"/> at <paramref name="relativePath"/> (below the source, '/'-separated) or <paramref name="fullPath"/> is excluded.</summary>
    public bool Excludes(string name, string relativePath, string fullPath)
    {
        foreach (var pattern in _names)
        {
            if (FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false))
            {
                return true;
            }
        }

        if (_paths.Count == 0)
        {
            return false;
        }

        var full = fullPath.Replace('\\', '/');
        return _paths.Exists(r => r.IsMatch(relativePath) || r.IsMatch(full));
    }

    private static Regex ToRegex(string glob)
    {
        var rooted = glob.StartsWith('/');
        var body = new StringBuilder(rooted ? "^" : "^(?:.*/)?");
        var trimmed = rooted ? glob : glob.TrimStart('/');
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '*' && i + 1 < trimmed.Length && trimmed[i + 1] == '*')
            {
                i++;
                if (i + 1 < trimmed.Length && trimmed[i + 1] == '/')
                {
                    i++;
                    body.Append("(?:.*/)?");
                }
                else
                {
                    body.Append(".*");
                }
            }
            else
            {
                body.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(body.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
