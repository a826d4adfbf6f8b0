using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Foreign;
using Ferry.Restore;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class RestoreCommand
{
    public static Command Create(CliServices services)
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "Snapshot id (8+ hex digits), 'latest', or the key of an app's own zip backup (ferry list --foreign)" }.RejectOptionLikeValues();
        var target = new Option<string>("--to") { Description = "Folder to restore into: missing or empty", Required = true };
        var host = new Option<string?>("--host") { Description = "With 'latest': this device's newest snapshot" };
        var includes = new Option<string[]>("--include") { Description = "Restore only this path of the snapshot (repeatable)" };
        var replace = new Option<bool>("--replace") { Description = "Replace a non-empty folder: a safety snapshot of it is stored first, the restore is swapped in only when complete" };
        var command = new Command("restore", "Restore a snapshot, every byte verified; the target is always either what it was or the complete restore") { snapshot, target, host, includes, replace };
        var force = RunningAppGuard.CreateForceOption();
        command.Options.Add(force);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            if (ForeignBackups.IsForeignKey(parse.GetValue(snapshot)!))
            {
                return await ForeignRestoreCommand.RunAsync(context, parse.GetValue(snapshot)!, Path.GetFullPath(parse.GetValue(target)!), parse.GetValue(replace), parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }

            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var entry = await repository.FindSnapshotAsync(parse.GetValue(snapshot)!, parse.GetValue(host), cancellationToken).ConfigureAwait(false);
            var to = Path.GetFullPath(parse.GetValue(target)!);
            RunningAppGuard.Check(context, to, parse.GetValue(force));
            var runner = new RestoreRunner(repository, entry, new RestoreOptions
            {
                Target = to,
                Includes = parse.GetValue(includes) ?? [],
                Replace = parse.GetValue(replace),
                Host = context.Settings.Host.Value!,
            });
            context.Notice($"restoring snapshot [bold]{entry.ShortId}[/] of {Markup.Escape(entry.Snapshot.Host)} ({entry.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC) into {Markup.Escape(to)}");
            var result = await ProgressDisplay.RunAsync(context, "restore", () => runner.RunAsync(cancellationToken), () =>
            {
                var p = runner.Progress;
                var label = p.Phase == RestorePhase.SafetySnapshot ? "safety snapshot" : "restore";
                return new ProgressFrame(p.FilesDone, p.FilesTotal, p.BytesDone, p.BytesTotal, TotalsKnown: p.FilesTotal > 0) { Label = label };
            }).ConfigureAwait(false);

            if (result.SafetySnapshotId is { } safety)
            {
                context.Notice($"safety snapshot [bold]{safety[..8]}[/] holds what {Markup.Escape(to)} contained before (undo: ferry restore {safety[..8]} --to {Markup.Escape(to)} --replace)");
            }

            if (context.Json)
            {
                var problems = result.Problems.Select(p => new ProblemJson(p.Path, p.Message)).ToList();
                var skipped = result.Skipped.Select(p => new ProblemJson(p.Path, p.Message)).ToList();
                context.Out.WriteLine(CliJson.Serialize(new RestoreJson(entry.Id, to, result.Files, result.Dirs, result.Bytes, result.Applied, result.SafetySnapshotId, problems, skipped)));
            }
            else
            {
                context.Out.MarkupLine($"{(result.Applied ? "restored" : "did not apply")} {Sizes.Count(result.Files)} files, {Sizes.Count(result.Dirs)} folders, {Sizes.Bytes(result.Bytes)} into {Markup.Escape(to)}");
            }

            foreach (var problem in result.Problems)
            {
                services.Err.MarkupLine($"[red]not restored[/] {Markup.Escape(problem.Path)}: {Markup.Escape(problem.Message)}");
            }

            foreach (var skipped in result.Skipped)
            {
                services.Err.MarkupLine($"[yellow]not restored[/] {Markup.Escape(skipped.Path)}: {Markup.Escape(skipped.Message)}");
            }

            if (result.Problems.Count > 0)
            {
                services.Err.MarkupLine(result.Applied
                    ? $"[red]{result.Problems.Count} files could not be restored because repository data is damaged or missing; everything else was restored and verified. Run 'ferry check'.[/]"
                    : $"[red]{result.Problems.Count} files could not be restored because repository data is damaged or missing, so {Markup.Escape(to)} was left exactly as it was. Run 'ferry check'.[/]");
                return ExitCodes.Failure;
            }

            if (result.Skipped.Count > 0)
            {
                services.Err.MarkupLine($"[yellow]{result.Skipped.Count} entries this computer cannot hold were left out (listed above); everything else was restored and verified.[/]");
                return ExitCodes.PartialRestore;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
