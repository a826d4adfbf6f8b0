using System.CommandLine;
using Ferry.Apps;
using Ferry.Errors;
using Ferry.Operations;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>restore --force</c>: the engine's running-app rule (<see cref="RunningAppPolicy"/>) refuses a
/// restore into the folder of an app that is running; <c>--force</c> turns the refusal into a warning.
/// </summary>
internal static class RunningAppGuard
{
    public static Option<bool> CreateForceOption() => new("--force")
    {
        Description = "Restore even though the app that uses the folder seems to be running (it may overwrite the restore when it exits)",
    };

    /// <summary>The rule as this command line applies it: the user's presets beside the config file, and <c>--force</c>.</summary>
    public static RunningAppPolicy Policy(CliContext context, bool force) => new(context.Settings.ConfigPath, context.Services.Environment, force);

    /// <summary>Runs <paramref name="restore"/>, wording the engine's refusal with this command's way past it.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> restore)
    {
        try
        {
            return await restore().ConfigureAwait(false);
        }
        catch (AppInUseException inUse)
        {
            throw new FerryException($"{inUse.Message}, or add --force (the app may overwrite the restored data when it exits)", inUse);
        }
    }

    /// <summary>The warning for a restore that goes ahead with <c>--force</c>; nothing when no app was seen.</summary>
    public static void Warn(CliContext context, AppInUseException? inUse)
    {
        if (inUse is not null)
        {
            context.Services.Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape($"{inUse.Situation}; restoring anyway (--force). Quit it without saving, or it may overwrite the restored data.")}");
        }
    }
}
