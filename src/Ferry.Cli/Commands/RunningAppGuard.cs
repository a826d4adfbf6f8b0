using System.CommandLine;
using Ferry.Apps;
using Ferry.Errors;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>restore --force</c>: the engine's running-app check (<see cref="AppInUse"/>) refuses a restore
/// into the folder of an app that is running; <c>--force</c> turns the refusal into a warning.
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
        if (AppInUse.Check(target, context.Settings.ConfigPath, context.Services.Environment) is not { } inUse)
        {
            return;
        }

        if (!force)
        {
            throw new FerryException($"{inUse.Message}, or add --force (the app may overwrite the restored data when it exits)", inUse);
        }

        context.Services.Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape($"{inUse.Situation}; restoring anyway (--force). Quit it without saving, or it may overwrite the restored data.")}");
    }
}
