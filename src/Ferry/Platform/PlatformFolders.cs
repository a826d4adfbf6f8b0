namespace Ferry.Platform;

/// <summary>
/// Where things live on one OS. The folders preset templates name: <c>{home}</c>; <c>{config}</c>
/// (where Electron apps keep their data: <c>~/.config</c> or <c>$XDG_CONFIG_HOME</c>,
/// <c>~/Library/Application Support</c>, <c>%APPDATA%</c>); <c>{data}</c> (<c>~/.local/share</c>,
/// <c>~/Library/Application Support</c>, <c>%LOCALAPPDATA%</c>). And <see cref="Cache"/>, for what
/// can be rebuilt (<c>~/.cache</c> or <c>$XDG_CACHE_HOME</c>, <c>~/Library/Caches</c>, <c>%LOCALAPPDATA%</c>).
/// </summary>
internal sealed record PlatformFolders(string Os, string Home, string Config, string Data, string Cache)
{
    public static PlatformFolders FromProcess() => From(FerryVersion.OsName, System.Environment.GetEnvironmentVariables()
        .Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal));

    /// <summary>The folders of <paramref name="os"/> as <paramref name="environment"/> defines them.</summary>
    public static PlatformFolders From(string os, IReadOnlyDictionary<string, string> environment)
    {
        string? Env(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        string Special(Environment.SpecialFolder folder) => Environment.GetFolderPath(folder, Environment.SpecialFolderOption.DoNotVerify);

        var home = Env(os == "windows" ? "USERPROFILE" : "HOME") ?? Special(Environment.SpecialFolder.UserProfile);
        var support = Path.Combine(home, "Library", "Application Support");
        var local = Env("LOCALAPPDATA") ?? Path.Combine(home, "AppData", "Local");
        return os switch
        {
            "windows" => new(os, home, Env("APPDATA") ?? Path.Combine(home, "AppData", "Roaming"), local, local),
            "macos" => new(os, home, support, support, Path.Combine(home, "Library", "Caches")),
            _ => new(os, home,
                Env("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config"),
                Env("XDG_DATA_HOME") ?? Path.Combine(home, ".local", "share"),
                Env("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache")),
        };
    }

    /// <summary>The template with its placeholders replaced; null when it names one this type does not know.</summary>
    public string? Expand(string template)
    {
        var expanded = template
            .Replace("{home}", Home, StringComparison.Ordinal)
            .Replace("{config}", Config, StringComparison.Ordinal)
            .Replace("{data}", Data, StringComparison.Ordinal);
        if (expanded.StartsWith("~/", StringComparison.Ordinal))
        {
            expanded = Home + expanded[1..];
        }

        if (expanded.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        // Normalised only on its own OS: a Windows path means nothing to Linux's GetFullPath.
        return Os == FerryVersion.OsName ? Path.GetFullPath(expanded) : expanded;
    }
}
