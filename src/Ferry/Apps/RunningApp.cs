using System.Diagnostics;
using System.IO.Enumeration;
using Ferry.Platform;

namespace Ferry.Apps;

/// <summary>
/// Tells whether an app is using its data folder right now, so a restore does not write under a
/// running app that would overwrite the restored data when it exits. Evidence: the app's lock files
/// are held (Chromium's <c>SingletonLock</c> names a live process of this computer; a LevelDB
/// <c>LOCK</c> is locked, or on Windows a <c>lockfile</c> or <c>LOCK</c> is open, in another
/// process: <see cref="PortablePlatform.LockHolder"/>) or its process is running.
/// </summary>
public static class RunningApp
{
    /// <summary>
    /// Why <paramref name="folder"/> looks in use, one reason per item (empty when nothing says so).
    /// Lock files are those of <paramref name="preset"/>, or of every preset when the folder's app is
    /// not known; process names count only for a known preset.
    /// </summary>
    public static IReadOnlyList<string> Detect(string folder, AppPreset? preset, IReadOnlyList<AppPreset> presets)
    {
        ArgumentNullException.ThrowIfNull(presets);
        var reasons = new List<string>();
        if (!Directory.Exists(folder))
        {
            return reasons;
        }

        var lockFiles = (preset is null ? presets.SelectMany(p => p.LockFiles) : preset.LockFiles).Distinct(StringComparer.Ordinal);
        foreach (var path in lockFiles.SelectMany(pattern => Expand(folder, pattern)).Distinct(StringComparer.Ordinal))
        {
            if (HeldBy(path) is { } holder)
            {
                reasons.Add($"{Path.GetRelativePath(folder, path)} {holder}");
            }
        }

        foreach (var name in preset?.ProcessNames ?? [])
        {
            reasons.AddRange(Running(name).Select(pid => $"process '{name}' (pid {pid}) is running"));
        }

        return reasons;
    }

    /// <summary>Who holds a lock file, or null when nobody visibly does.</summary>
    private static string? HeldBy(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return SingletonLockHolder(target);
        }

        return info.Exists ? OsPlatform.Current.LockHolder(path) : null;
    }

    /// <summary>Chromium's <c>SingletonLock</c> is a symlink to "host-pid": held when that process of this computer lives.</summary>
    private static string? SingletonLockHolder(string target)
    {
        var dash = target.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(target.AsSpan(dash + 1), out var pid))
        {
            return null;
        }

        var host = target[..dash].Split('.')[0];
        if (!string.Equals(host, Environment.MachineName.Split('.')[0], StringComparison.OrdinalIgnoreCase))
        {
            return null; // left by another computer: a copy of the folder, not a running app
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : $"names process {pid}, which is running";
        }
        catch (ArgumentException)
        {
            return null; // no such process: a lock left by a crash
        }
    }

    private static List<int> Running(string name)
    {
        var processes = Process.GetProcessesByName(name);
        try
        {
            return [.. processes.Where(p => p.Id != Environment.ProcessId).Select(p => p.Id)];
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    /// <summary>The paths a lock-file pattern names in the folder ('*' matches within one name).</summary>
    private static IEnumerable<string> Expand(string folder, string pattern)
    {
        IEnumerable<string> current = [folder];
        var segments = pattern.Trim('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            current = current.SelectMany(dir => !segment.Contains('*', StringComparison.Ordinal)
                ? [Path.Join(dir, segment)]
                : last ? SafeList(dir).Where(p => FileSystemName.MatchesSimpleExpression(segment, Path.GetFileName(p)))
                : SafeList(dir).Where(p => Directory.Exists(p) && FileSystemName.MatchesSimpleExpression(segment, Path.GetFileName(p))));
        }

        return current.Where(p => File.Exists(p) || new FileInfo(p).LinkTarget is not null);
    }

    private static string[] SafeList(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
