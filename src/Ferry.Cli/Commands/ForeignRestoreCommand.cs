using Ferry.Cli.Rendering;
using Ferry.Operations;
using Ferry.Restore;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry restore cherry-studio.….zip --to DIR</c>: restores one of the app's own backups straight from the bucket.</summary>
internal static class ForeignRestoreCommand
{
    public static async Task<int> RunAsync(CliContext context, string key, string target, bool replace, bool force, CancellationToken cancellationToken)
    {
        var options = new RestoreOptions { Target = target, Replace = replace, Host = context.Settings.Host.Value! };
        var restore = await RunningAppGuard.RunAsync(() => ForeignRestore.PrepareAsync(context.OpenStore(), key, options, RunningAppGuard.Policy(context, force), context.OpenOrInitAsync, cancellationToken)).ConfigureAwait(false);
        RunningAppGuard.Warn(context, restore.AppRunning);
        context.Notice($"restoring the Cherry Studio backup {Markup.Escape(key)} into {Markup.Escape(target)}");
        var result = await ProgressDisplay.RunAsync(context, "restore", () => restore.RunAsync(cancellationToken), () => RestoreCommand.Frame(restore.Progress)).ConfigureAwait(false);

        if (result.SafetySnapshotId is { } safety)
        {
            context.Notice($"safety snapshot [bold]{safety[..8]}[/] holds what {Markup.Escape(target)} contained before (undo: ferry restore {safety[..8]} --to {Markup.Escape(target)} --replace)");
        }

        if (context.Json)
        {
            var problems = result.Problems.Select(ProblemJson.From).ToList();
            context.Out.WriteLine(CliJson.Serialize(new RestoreJson(key, target, result.Files, result.Dirs, result.Bytes, result.Applied, result.SafetySnapshotId, problems, [], [])));
        }
        else
        {
            context.Out.MarkupLine($"restored {Sizes.Count(result.Files)} files, {Sizes.Count(result.Dirs)} folders, {Sizes.Bytes(result.Bytes)} into {Markup.Escape(target)}");
        }

        if (restore.IsLegacy)
        {
            context.Notice("this is an older Cherry Studio backup: its chats are in data.json, which only Cherry Studio's own Restore can load");
        }

        foreach (var problem in result.Problems)
        {
            context.Services.Err.MarkupLine($"[red]not restored[/] {Markup.Escape(problem.Path)}: {Markup.Escape(problem.Message)}");
        }

        return result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
