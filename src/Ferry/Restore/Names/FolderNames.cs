using System.Globalization;
using Ferry.Names;

namespace Ferry.Restore.Names;

/// <summary>
/// The names of one folder of a restore, checked against the target: which cannot be written as they
/// are (and why), and the name each entry gets on disk. Twins (two names the target takes for one)
/// are checked only when the folder has names that differ only by case, so the target is asked only then.
/// </summary>
internal static class FolderNames
{
    /// <summary>Each name's name on disk (the same unless it has a problem), and the problems, by index.</summary>
    public static (string[] OnDisk, Dictionary<int, string> Problems) Plan(IReadOnlyList<string> names, TargetFileSystem target)
    {
        var problems = new Dictionary<int, string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (ProblemOf(names[i], target) is { } problem)
            {
                problems[i] = problem;
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!names.All(seen.Add) && target.IgnoresCase)
        {
            FindTwins(names, problems);
        }

        var onDisk = names.ToArray();
        if (problems.Count > 0)
        {
            var taken = new HashSet<string>(names.Where((_, i) => !problems.ContainsKey(i)), StringComparer.OrdinalIgnoreCase);
            foreach (var i in problems.Keys.Order())
            {
                onDisk[i] = SafeNames.Make(names[i], target, taken);
            }
        }

        return (onDisk, problems);
    }

    /// <summary>Why the target cannot hold this name as it is, or null.</summary>
    private static string? ProblemOf(string name, TargetFileSystem target)
    {
        if (WindowsNames.IsPlain(name) && name.Length <= TargetFileSystem.SafeNameBytes / 3)
        {
            return null; // the common case, without a question to the target
        }

        if (EntryName.HasEscapes(name) && !target.HoldsNonUtf8)
        {
            return "is not valid UTF-8 text, which this file system cannot hold";
        }

        var refused = name.Where(WindowsNames.IsReserved).Distinct().Where(c => !target.Holds(c)).ToList();
        if (refused.Count > 0)
        {
            return $"holds {string.Join(", ", refused.Select(Describe))}, which this file system refuses in names";
        }

        if (WindowsNames.IsDeviceName(name) && !target.HoldsDeviceNames)
        {
            return $"is a Windows device name ({name[..WindowsNames.DeviceWordLength(name)].TrimEnd(' ')}), which this file system refuses";
        }

        if (name[^1] is '.' or ' ' && !target.Holds(name[^1]))
        {
            return $"ends with a {(name[^1] == '.' ? "dot" : "space")}, which this file system drops or refuses";
        }

        return target.IsTooLong(name) ? $"is {EntryName.ByteCount(name)} bytes long, more than this file system holds in a name" : null;
    }

    /// <summary>In each group of names that differ only by case, the first (ordinal) without another problem keeps its name; the others are twins.</summary>
    private static void FindTwins(IReadOnlyList<string> names, Dictionary<int, string> problems)
    {
        var groups = Enumerable.Range(0, names.Count).GroupBy(i => names[i], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var ordered = group.OrderBy(i => names[i], StringComparer.Ordinal).ToList();
            var keeper = ordered.FirstOrDefault(i => !problems.ContainsKey(i), -1);
            foreach (var i in ordered.Where(i => i != keeper && !problems.ContainsKey(i)))
            {
                problems[i] = $"differs from {NameText.Show(names[keeper])} only by case, and this file system ignores case";
            }
        }
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "a line break",
        '\t' => "a tab",
        < ' ' => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
        _ => $"'{c}'",
    };
}
