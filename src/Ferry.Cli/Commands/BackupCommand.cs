using System.CommandLine;
using Ferry.Backup;
using Ferry.Cli.Rendering;
using Ferry.Names;
using Ferry.Operations;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class BackupCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.ZeroOrMore, Description = "Folders (or files) to back up (with --app: instead of the app's own data folder)" }.RejectOptionLikeValues();
        var host = new Option<string?>("--host") { Description = "Device name to record (default: this machine's host name)" };
        var tags = new Option<string[]>("--tag") { Description = "Label the snapshot (repeatable)" };
        var excludes = new Option<string[]>("--exclude") { Description = "Skip entries matching this glob (repeatable): 'Cache', '*.log', 'Data/Files'" };
        var maxBackups = new Option<int>("--max-backups") { Description = "Then keep only the newest N snapshots of this device and these paths (0: all)" };
        var app = new Option<string?>("--app") { Description = "Back up an app's data folder, skipping its caches and logs ('ferry apps' lists them)" };
        var lite = new Option<bool>("--lite") { Description = "Also skip bulky user files (attachments, knowledge-base files), as the app's lightweight backup does" };
        var noMaintenance = MaintenanceRun.CreateOption();
        var command = new Command("backup", "Back up folders: encrypted, deduplicated; only what changed is uploaded. With --max-backups, automatic maintenance then removes data no snapshot needs once it passes a threshold") { paths, host, tags, excludes, app, lite, maxBackups, noMaintenance };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services, parse.GetValue(host));
            var (sources, skipped) = AppSelection.Resolve(context, parse.GetValue(paths) ?? [], parse.GetValue(app), parse.GetValue(lite), parse.GetValue(excludes) ?? []);
            var repository = await context.OpenOrInitAsync(cancellationToken).ConfigureAwait(false);
            var keep = parse.GetValue(maxBackups);
            var backup = new BackupWithRetention(
                repository,
                new BackupOptions { Paths = sources, Host = context.Settings.Host.Value!, Tags = parse.GetValue(tags) ?? [], Excludes = skipped },
                new AfterBackup { MaxBackups = keep, Maintenance = MaintenanceRun.OptionsIfEnabled(context, parse, noMaintenance) });
            var stored = await ProgressDisplay.RunAsync(context, "backup", () => backup.Runner.RunAsync(cancellationToken), () =>
            {
                var p = backup.Runner.Progress;
                return new ProgressFrame(p.FilesDone, p.FilesTotal, p.BytesDone, p.BytesTotal, p.TotalsKnown);
            }).ConfigureAwait(false);
            Report(context, stored);
            var result = await backup.ApplyAfterAsync(stored, cancellationToken).ConfigureAwait(false);
            if (result.RemovedByMaximum.Count > 0)
            {
                context.Notice($"--max-backups {keep}: removed {result.RemovedByMaximum.Count} older snapshots of this device and paths ({string.Join(", ", result.RemovedByMaximum.Select(r => r.ShortId))})");
            }

            if (result.Maintenance is { } maintenance)
            {
                MaintenanceRun.Show(context, maintenance);
            }

            return result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.PartialBackup;
        });
        return command;
    }

    private static void Report(CliContext context, BackupResult result)
    {
        var s = result.Snapshot.Summary;
        if (context.Json)
        {
            var problems = result.Problems.Select(ProblemJson.From).ToList();
            var entry = new Repository.SnapshotEntry(result.SnapshotId, result.Snapshot);
            context.Out.WriteLine(CliJson.Serialize(new BackupJson(SnapshotJson.From(entry), s.NewFiles, s.ChangedFiles, s.UnchangedFiles, s.DurationMs, problems)));
        }
        else
        {
            context.Out.MarkupLine($"snapshot [bold]{result.ShortId}[/] saved: {Sizes.Count(s.Files)} files, {Sizes.Bytes(s.Bytes)} " +
                $"({Sizes.Count(s.NewFiles)} new, {Sizes.Count(s.ChangedFiles)} changed, {Sizes.Count(s.UnchangedFiles)} unchanged), " +
                $"added {Sizes.Bytes(s.AddedBytes)} in {Sizes.Seconds(TimeSpan.FromMilliseconds(s.DurationMs))}");
        }

        foreach (var problem in result.Problems)
        {
            context.Services.Err.MarkupLine($"[yellow]could not back up[/] {Markup.Escape(NameText.ShowLocal(problem.Path))}: {Markup.Escape(problem.Message)}");
        }

        if (result.Problems.Count > 0)
        {
            context.Services.Err.MarkupLine($"[yellow]{result.Problems.Count} entries were not backed up as they are; the snapshot holds everything else[/]");
        }
    }
}
