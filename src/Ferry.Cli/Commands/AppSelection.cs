using Ferry.Apps;
using Ferry.Errors;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>backup --app NAME [--lite]</c> and <c>backup PATH --lite</c>: which folders to back up and
/// what to skip, from an app preset. Without <c>--app</c>, <c>--lite</c> uses the preset whose data
/// folder the path is (or is named like), else the generic Electron one.
/// </summary>
internal static class AppSelection
{
    private const string Generic = "electron";

    public static (IReadOnlyList<string> Paths, IReadOnlyList<string> Excludes) Resolve(CliContext context, IReadOnlyList<string> paths, string? app, bool lite, IReadOnlyList<string> excludes)
    {
        if (app is null && !lite)
        {
            return paths.Count > 0 ? (paths, excludes)
                : throw new UsageException("name at least one folder to back up, or an app with --app NAME (see 'ferry apps')");
        }

        if (app is null && paths.Count == 0)
        {
            throw new UsageException("--lite needs a folder to back up or an app: 'ferry backup PATH --lite' or 'ferry backup --app NAME --lite'");
        }

        var environment = context.Services.Environment;
        var presets = AppPresets.Load(AppPresets.UserPresetFolder(context.Settings.ConfigPath));
        var preset = app is not null
            ? presets.FirstOrDefault(p => string.Equals(p.Name, app, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"no app preset named '{app}': 'ferry apps' lists them")
            : AppPresets.Detect(presets, paths[0], environment) ?? presets.First(p => p.Name == Generic);

        var folders = paths.Count > 0 ? paths : [DataFolder(preset, environment)];
        context.Notice($"backing up [bold]{Markup.Escape(preset.DisplayName)}[/] from {Markup.Escape(string.Join(", ", folders))}: skipping its caches, logs and lock files"
            + (lite && preset.LiteExcludes.Count > 0 ? $"; --lite also skips {Markup.Escape(string.Join(", ", preset.LiteExcludes))}" : ""));
        return (folders, [.. preset.ExcludePatterns(folders, lite), .. excludes]);
    }

    private static string DataFolder(AppPreset preset, IReadOnlyDictionary<string, string> environment)
    {
        var folder = AppPresets.ResolveDataFolder(preset, environment)
            ?? throw new UsageException($"the '{preset.Name}' preset names no data folder on this OS: give the folder, e.g. 'ferry backup --app {preset.Name} PATH'");
        return Directory.Exists(folder) ? folder
            : throw new FerryException($"{preset.DisplayName}'s data folder {folder} does not exist: is the app installed and started once? If it keeps its data elsewhere, name that folder after --app {preset.Name}");
    }
}
