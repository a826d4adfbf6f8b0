using Ferry.Apps;
using Ferry.Errors;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>backup --app NAME [--lite]</c> and <c>backup PATH --lite</c> on the command line: the usage
/// rules and the messages. The decision itself (which preset, folders and excludes) is
/// <see cref="AppBackupPlan"/>, shared with the page and <c>ferry agent</c>.
/// </summary>
internal static class AppSelection
{
    public static (IReadOnlyList<string> Paths, IReadOnlyList<string> Excludes) Resolve(CliContext context, IReadOnlyList<string> paths, string? app, bool lite, IReadOnlyList<string> excludes)
    {
        if (app is null && !lite)
        {
            // A plain backup skips only what --exclude names, even in a folder a preset knows.
            return paths.Count > 0 ? (paths, excludes)
                : throw new UsageException("name at least one folder to back up, or an app with --app NAME (see 'ferry apps')");
        }

        if (app is null && paths.Count == 0)
        {
            throw new UsageException("--lite needs a folder to back up or an app: 'ferry backup PATH --lite' or 'ferry backup --app NAME --lite'");
        }

        var presets = AppPresets.Load(AppPresets.UserPresetFolder(context.Settings.ConfigPath));
        var plan = Plan(presets, app, paths, lite, context.Services.Environment);
        var preset = plan.Preset!; // --app or --lite always yields one: the generic preset is built in
        context.Notice($"backing up [bold]{Markup.Escape(preset.DisplayName)}[/] from {Markup.Escape(string.Join(", ", plan.Folders))}: skipping its caches, logs and lock files"
            + (lite && preset.LiteExcludes.Count > 0 ? $"; --lite also skips {Markup.Escape(string.Join(", ", preset.LiteExcludes))}" : ""));
        return (plan.Folders, [.. plan.Excludes, .. excludes]);
    }

    private static AppBackupPlan Plan(IReadOnlyList<AppPreset> presets, string? app, IReadOnlyList<string> paths, bool lite, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return AppBackupPlan.Resolve(presets, app, paths, lite, environment);
        }
        catch (AppSelectionException e) when (e.Problem == AppSelectionProblem.UnknownApp)
        {
            throw new UsageException(CliRemedies.Describe(e), e);
        }
        catch (AppSelectionException e) when (e.Problem == AppSelectionProblem.NoDataFolder)
        {
            throw new UsageException($"the '{app}' preset names no data folder on this OS: give the folder, e.g. 'ferry backup --app {app} PATH'", e);
        }
        catch (AppSelectionException e) when (e.Problem == AppSelectionProblem.DataFolderMissing)
        {
            throw new FerryException($"{e.Message} after --app {app}", e) { Remedy = e.Remedy };
        }
    }
}
