namespace Ferry.Restore;

/// <summary>
/// Which entries beside a restore target are really leftovers of an earlier Ferry run. The target's
/// folder may be shared (a group folder, /tmp): an entry someone else made under a leftover's name,
/// or a link under that name pointing elsewhere, is neither moved into place nor deleted nor walked.
/// </summary>
internal static class Leftovers
{
    /// <summary>The real folders (not links) under <paramref name="parent"/> matching <paramref name="pattern"/> that belong to this user.</summary>
    public static string[] Find(string parent, string pattern) =>
        [.. Directory.GetDirectories(parent, pattern).Where(IsOurs)];

    /// <summary>The real files (not links) under <paramref name="parent"/> matching <paramref name="pattern"/> that belong to this user: a journal planted by someone else is never followed.</summary>
    public static string[] FindFiles(string parent, string pattern) =>
        [.. Directory.GetFiles(parent, pattern).Where(IsOurs)];

    private static bool IsOurs(string path) =>
        new DirectoryInfo(path).LinkTarget is null && (!OperatingSystem.IsLinux() || Platform.Linux.LinuxStat.IsOwnedByMe(path));
}
