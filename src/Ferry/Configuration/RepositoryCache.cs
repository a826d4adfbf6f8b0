using Ferry.Platform;

namespace Ferry.Configuration;

/// <summary>Where the local cache lives: the directory <c>FerryRepository.OpenAsync</c> and <c>InitAsync</c> take.</summary>
public static class RepositoryCache
{
    /// <summary>
    /// Where the local cache of snapshots, index objects and tree packs lives: FERRY_CACHE_DIR, else
    /// $XDG_CACHE_HOME/ferry or ~/.cache/ferry on Linux, ~/Library/Caches/ferry on macOS,
    /// %LOCALAPPDATA%\ferry\cache on Windows.
    /// Null when FERRY_CACHE_DIR is "off".
    /// </summary>
    public static string? Directory(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.TryGetValue("FERRY_CACHE_DIR", out var configured) && configured.Length > 0)
        {
            return configured.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : configured;
        }

        // Windows: %LOCALAPPDATA%\ferry\cache, beside the default local repository in %LOCALAPPDATA%\ferry.
        var folders = PlatformFolders.From(FerryVersion.OsName, environment);
        return folders.Os == "windows" ? Path.Combine(folders.Cache, "ferry", "cache") : Path.Combine(folders.Cache, "ferry");
    }
}
