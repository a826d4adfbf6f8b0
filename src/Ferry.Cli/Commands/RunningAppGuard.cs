using System.CommandLine;
using Ferry.Apps;
using Ferry.Errors;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>restore --force</c>: restoring into the folder of an app that is running is refused, because
/// the app would overwrite the restored data with what it holds in memory when it exits.
/// </summary>
internal static class RunningAppGuard
{
    public static Option<bool> CreateForceOption() => new("--force")
    {
        Description = "Restore even though the app that uses the folder seems to be running (it may overwrite the restore when it exits)",
    };

    /// <summary>Throws when the target looks in use and <paramref name="force"/> is not set; with it, warns.</summary>
    public static void Check(CliContext context, string target, bool force)
    {
        var presets = AppPresets.Load(AppPresets.UserPresetFolder(context.Settings.ConfigPath));
        var preset = AppPresets.Detect(presets, target, context.Services.Environment);
        var reasons = RunningApp.Detect(target, preset, presets);
        if (reasons.Count == 0)
        {
            return;
        }

        var app = preset?.DisplayName ?? "an app";
        var why = string.Join("; ", reasons);
        if (!force)
        {
            throw new FerryException($"{app} seems to be running and using {target} ({why}): quit it and restore again, or add --force (the app may overwrite the restored data when it exits)");
        }

        context.Services.Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape($"{app} seems to be running and using {target} ({why}); restoring anyway (--force). Quit it without saving, or it may overwrite the restored data.")}");
    }
}
