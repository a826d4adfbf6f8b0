namespace Ferry.Apps;

/// <summary>
/// What Ferry knows about one app: where its data folder is on each OS, what in it is disposable,
/// what <c>--lite</c> also skips, and how to tell that the app is running. Presets are data
/// (docs/APPS.md): built-in ones ship with Ferry, users add their own as JSON files.
/// </summary>
public sealed record AppPreset
{
    /// <summary>The name on the command line (<c>ferry backup --app NAME</c>): lowercase letters, digits and '-'.</summary>
    public required string Name { get; init; }

    /// <summary>The app's name as people know it.</summary>
    public required string DisplayName { get; init; }

    /// <summary>What the app is, as <c>ferry apps</c> shows it.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// Data folder templates by OS (<c>linux</c>, <c>macos</c>, <c>windows</c>), with <c>{home}</c>,
    /// <c>{config}</c> and <c>{data}</c> standing for the platform's folders; empty for a generic preset
    /// that is always given a folder.
    /// </summary>
    public IReadOnlyDictionary<string, string> DataFolders { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// What a backup skips, as in .gitignore: a name without '/' matches at any depth; a pattern with
    /// a '/' (<c>Data/Files</c>, or <c>/logs</c> for a name at the top only) is relative to the data folder.
    /// </summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>What <c>--lite</c> skips as well (bulky user files), in the same form as <see cref="Excludes"/>.</summary>
    public IReadOnlyList<string> LiteExcludes { get; init; } = [];

    /// <summary>Files in the data folder that a running app holds (paths relative to it, '*' allowed).</summary>
    public IReadOnlyList<string> LockFiles { get; init; } = [];

    /// <summary>Process names of the running app.</summary>
    public IReadOnlyList<string> ProcessNames { get; init; } = [];

    /// <summary>True for a preset that ships with Ferry; false for one from the user's preset folder.</summary>
    public bool IsBuiltIn { get; init; }

    /// <summary>
    /// The exclude patterns for a backup of <paramref name="dataFolders"/> (the preset's own folder
    /// or the ones named instead): paths are anchored to each folder, names stay names.
    /// </summary>
    public IReadOnlyList<string> ExcludePatterns(IEnumerable<string> dataFolders, bool lite)
    {
        ArgumentNullException.ThrowIfNull(dataFolders);
        var folders = dataFolders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)).Replace('\\', '/')).ToList();
        var patterns = new List<string>();
        foreach (var pattern in lite ? Excludes.Concat(LiteExcludes) : Excludes)
        {
            if (pattern.Contains('/', StringComparison.Ordinal))
            {
                patterns.AddRange(folders.Select(f => $"{f}/{pattern.TrimStart('/')}"));
            }
            else
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }
}
