namespace Ferry.Apps;

/// <summary>
/// The folders preset templates name, for one OS: <c>{home}</c>; <c>{config}</c> (where Electron
/// apps keep their data: <c>~/.config</c> or <c>$XDG_CONFIG_HOME</c>, <c>~/Library/Application Support</c>,
/// <c>%APPDATA%</c>); <c>{data}</c> (<c>~/.local/share</c>, <c>~/Library/Application Support</c>, <c>%LOCALAPPDATA%</c>).
/// </summary>
internal sealed record PlatformFolders(string Os, string Home, string Config, string Data)
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
        return os switch
        {
            "windows" => new(os, home,
                Env("APPDATA") ?? Path.Combine(home, "AppData", "Roaming"),
                Env("LOCALAPPDATA") ?? Path.Combine(home, "AppData", "Local")),
            "macos" => new(os, home, Path.Combine(home, "Library", "Application Support"), Path.Combine(home, "Library", "Application Support")),
            _ => new(os, home,
                Env("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config"),
                Env("XDG_DATA_HOME") ?? Path.Combine(home, ".local", "share")),
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
