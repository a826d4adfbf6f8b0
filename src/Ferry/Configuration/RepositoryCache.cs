using Ferry.Repository;

namespace Ferry.Configuration;

/// <summary>Where the local cache lives, and turning it on for an opened repository.</summary>
public static class RepositoryCache
{
    /// <summary>
    /// Where the local cache of snapshots, index objects and tree packs lives: FERRY_CACHE_DIR, else
    /// $XDG_CACHE_HOME/ferry or ~/.cache/ferry on Linux, the local application-data folder elsewhere.
    /// Null when FERRY_CACHE_DIR is "off".
    /// </summary>
    public static string? Directory(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.TryGetValue("FERRY_CACHE_DIR", out var configured) && configured.Length > 0)
        {
            return configured.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : configured;
        }

        if (OperatingSystem.IsLinux())
        {
            var home = environment.GetValueOrDefault("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var cacheHome = environment.GetValueOrDefault("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".cache");
            return Path.Combine(cacheHome, "ferry");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "ferry", "cache");
    }

    /// <summary>Turns the cache on unless FERRY_CACHE_DIR is "off"; returns the repository.</summary>
    public static FerryRepository Apply(FerryRepository repository, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (Directory(environment) is { } directory)
        {
            repository.UseCache(directory);
        }

        return repository;
    }
}
