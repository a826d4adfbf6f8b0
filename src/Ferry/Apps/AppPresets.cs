using Ferry.Errors;
using Ferry.Platform;

namespace Ferry.Apps;

/// <summary>
/// The app presets: the built-in ones (embedded <c>Apps/Presets/*.json</c>) and the user's own
/// (<c>&lt;config folder&gt;/apps/*.json</c>, where a preset with a built-in's name replaces it).
/// </summary>
public static class AppPresets
{
    private const string ResourcePrefix = "Ferry.Apps.Presets.";

    /// <summary>Every preset, sorted by name. Throws a <see cref="FerryException"/> naming the file when a user preset is not valid.</summary>
    public static IReadOnlyList<AppPreset> Load(string? userPresetFolder)
    {
        var files = new Dictionary<string, (PresetFile File, bool BuiltIn)>(StringComparer.Ordinal);
        foreach (var (bytes, source) in BuiltInFiles())
        {
            var preset = PresetFile.Parse(bytes, source);
            files[preset.Name!] = (preset, true);
        }

        if (userPresetFolder is not null && Directory.Exists(userPresetFolder))
        {
            foreach (var path in Directory.GetFiles(userPresetFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var preset = PresetFile.Parse(File.ReadAllBytes(path), path);
                files[preset.Name!] = (preset, false);
            }
        }

        var presets = new List<AppPreset>();
        foreach (var (name, (file, builtIn)) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            PresetFile? parent = null;
            if (file.Extends is { } extends)
            {
                parent = files.TryGetValue(extends, out var found) ? found.File
                    : throw new FerryException($"the app preset '{name}' extends '{extends}', which does not exist") { Remedy = Remedy.ListApps };
            }

            presets.Add(file.ToPreset(parent, builtIn));
        }

        return presets;
    }

    /// <summary>The preset named <paramref name="name"/> (any case), or null.</summary>
    public static AppPreset? Find(string name, string? userPresetFolder = null) =>
        Load(userPresetFolder).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The preset's data folder on this computer (it may not exist), or null when the preset names none for this OS.</summary>
    public static string? ResolveDataFolder(AppPreset preset) => ResolveDataFolder(preset, PlatformFolders.FromProcess());

    /// <summary>The same, with the home and config folders taken from <paramref name="environment"/> (HOME, XDG_CONFIG_HOME, APPDATA, ...).</summary>
    public static string? ResolveDataFolder(AppPreset preset, IReadOnlyDictionary<string, string> environment) =>
        ResolveDataFolder(preset, PlatformFolders.From(FerryVersion.OsName, environment));

    /// <summary>The folder for user presets beside a config file: <c>~/.config/ferry/apps</c> for the default one.</summary>
    public static string UserPresetFolder(string configPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "apps");

    /// <summary>
    /// The preset a folder belongs to: the one whose data folder it is, else one whose data folder has
    /// the same last name (a copy of the folder elsewhere); null when none fits.
    /// </summary>
    public static AppPreset? Detect(IReadOnlyList<AppPreset> presets, string folder) => Detect(presets, folder, PlatformFolders.FromProcess());

    /// <summary>The same, with the platform's folders taken from <paramref name="environment"/>.</summary>
    public static AppPreset? Detect(IReadOnlyList<AppPreset> presets, string folder, IReadOnlyDictionary<string, string> environment) =>
        Detect(presets, folder, PlatformFolders.From(FerryVersion.OsName, environment));

    internal static string? ResolveDataFolder(AppPreset preset, PlatformFolders folders)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return preset.DataFolders.TryGetValue(folders.Os, out var template) ? folders.Expand(template) : null;
    }

    internal static AppPreset? Detect(IReadOnlyList<AppPreset> presets, string folder, PlatformFolders folders)
    {
        ArgumentNullException.ThrowIfNull(presets);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var withFolders = presets.Select(p => (Preset: p, Folder: ResolveDataFolder(p, folders))).Where(p => p.Folder is not null).ToList();
        return withFolders.FirstOrDefault(p => string.Equals(p.Folder, full, comparison)).Preset
            ?? withFolders.FirstOrDefault(p => string.Equals(Path.GetFileName(p.Folder), Path.GetFileName(full), comparison)).Preset;
    }

    private static IEnumerable<(byte[] Bytes, string Source)> BuiltInFiles()
    {
        var assembly = typeof(AppPresets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            yield return (memory.ToArray(), $"built-in preset {resource[ResourcePrefix.Length..]}");
        }
    }
}
