using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Foreign;
using Ferry.Names;
using Ferry.Operations;
using Ferry.Restore;
using Ferry.Restore.Names;
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
        var renameUnsafe = new Option<bool>("--rename-unsafe")
        {
            Description = "Restore entries whose names the target's file system cannot hold (Windows' reserved characters and device names, a trailing dot or space, "
                + "names that differ only by case where case is ignored, names that are not UTF-8) under names it can hold: each is listed, the exit code is 4, "
                + $"and {RenameManifest.FileName} in the target lets a backup of it store the original names again. Without it such a restore is refused before anything is written",
        };
        var command = new Command("restore", "Restore a snapshot, every byte verified; the target is always either what it was or the complete restore. Exit code 4: completed with renamed entries (--rename-unsafe)")
        {
            snapshot, target, host, includes, replace, renameUnsafe,
        };
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
            var to = Path.GetFullPath(parse.GetValue(target)!);
            var request = new SnapshotRestoreRequest
            {
                Snapshot = parse.GetValue(snapshot)!,
                Host = parse.GetValue(host),
                Options = new RestoreOptions
                {
                    Target = to,
                    Includes = parse.GetValue(includes) ?? [],
                    Replace = parse.GetValue(replace),
                    RenameUnsafe = parse.GetValue(renameUnsafe),
                    Host = context.Settings.Host.Value!,
                },
                RunningApp = RunningAppGuard.Policy(context, parse.GetValue(force)),
            };
            var restore = await RunningAppGuard.RunAsync(() => SnapshotRestore.PrepareAsync(repository, request, cancellationToken)).ConfigureAwait(false);
            var entry = restore.Snapshot;
            RunningAppGuard.Warn(context, restore.AppRunning);
            context.Notice($"restoring snapshot [bold]{entry.ShortId}[/] of {Markup.Escape(entry.Snapshot.Host)} ({entry.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC) into {Markup.Escape(to)}");
            RestoreResult result;
            try
            {
                result = await ProgressDisplay.RunAsync(context, "restore", () => restore.RunAsync(cancellationToken), () => Frame(restore.Progress)).ConfigureAwait(false);
            }
            catch (UnsafeNamesException e)
            {
                ReportConflicts(context, e);
                throw;
            }
            if (result.SafetySnapshotId is { } safety)
            {
                context.Notice($"safety snapshot [bold]{safety[..8]}[/] holds what {Markup.Escape(to)} contained before (undo: ferry restore {safety[..8]} --to {Markup.Escape(to)} --replace)");
            }

            if (context.Json)
            {
                var problems = result.Problems.Select(ProblemJson.From).ToList();
                var renames = result.Renames.Select(RenameJson.From).ToList();
                var skipped = result.Skipped.Select(ProblemJson.From).ToList();
                context.Out.WriteLine(CliJson.Serialize(new RestoreJson(entry.Id, to, result.Files, result.Dirs, result.Bytes, result.Applied, result.SafetySnapshotId, problems, renames, skipped)));
            }
            else
            {
                context.Out.MarkupLine($"{(result.Applied ? "restored" : "did not apply")} {Sizes.Count(result.Files)} files, {Sizes.Count(result.Dirs)} folders, {Sizes.Bytes(result.Bytes)} into {Markup.Escape(to)}");
            }

            foreach (var problem in result.Problems)
            {
                services.Err.MarkupLine($"[red]not restored[/] {Markup.Escape(NameText.ShowLocal(problem.Path))}: {Markup.Escape(problem.Message)}");
            }

            foreach (var skipped in result.Skipped)
            {
                services.Err.MarkupLine($"[yellow]not restored[/] {Markup.Escape(NameText.ShowLocal(skipped.Path))}: {Markup.Escape(skipped.Message)}");
            }

            ReportRenames(context, result, to);

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

            return result.Renames.Count > 0 && result.Applied ? ExitCodes.RestoredWithRenames : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A restore's progress as the display shows it, its phase named (the safety snapshot comes first when replacing).</summary>
    public static ProgressFrame Frame(RestoreProgress progress) =>
        new(progress.FilesDone, progress.FilesTotal, progress.BytesDone, progress.BytesTotal, TotalsKnown: progress.FilesTotal > 0)
        {
            Label = progress.Phase == RestorePhase.SafetySnapshot ? "safety snapshot" : "restore",
        };

    /// <summary>Each entry the target cannot hold, one per line, before the one-line error; with --json also as JSON on standard output.</summary>
    private static void ReportConflicts(CliContext context, UnsafeNamesException refused)
    {
        foreach (var conflict in refused.Conflicts)
        {
            context.Services.Err.MarkupLine($"[red]cannot restore[/] {Markup.Escape(conflict.ToString())}");
        }

        if (context.Json)
        {
            context.Out.WriteLine(CliJson.Serialize(new RefusedRestoreJson(CliRemedies.Describe(refused), refused.Renamable, [.. refused.Conflicts.Select(ConflictJson.From)])));
        }
    }

    /// <summary>Every renamed entry (even with --quiet: the user must know where each file went).</summary>
    private static void ReportRenames(CliContext context, RestoreResult result, string to)
    {
        foreach (var rename in result.Renames)
        {
            context.Services.Err.MarkupLine($"[yellow]renamed[/] {Markup.Escape(NameText.Show(rename.Path))} [yellow]->[/] {Markup.Escape(NameText.Show(rename.RestoredAs))}");
        }

        if (result.Renames.Count > 0 && result.Applied)
        {
            var manifest = Path.Join(to, RenameManifest.FileName);
            context.Services.Err.MarkupLine($"[yellow]{result.Renames.Count} entries were restored under other names because this file system cannot hold theirs. "
                + $"{Markup.Escape(manifest)} lists them; a Ferry backup of {Markup.Escape(to)} stores the original names again.[/]");
        }
    }
}
