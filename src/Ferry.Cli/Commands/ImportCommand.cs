using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Foreign;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry import KEY</c>: a Cherry Studio zip in the bucket becomes a snapshot that deduplicates with the rest.</summary>
internal static class ImportCommand
{
    public static Command Create(CliServices services)
    {
        var key = new Argument<string>("KEY") { Description = "The backup's key under the root, as 'ferry list --foreign' shows it" }.RejectOptionLikeValues();
        var command = new Command("import", "Turn one of the app's own zip backups in the bucket into a Ferry snapshot") { key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenOrInitAsync(cancellationToken).ConfigureAwait(false);
            var importer = new ForeignImporter(repository, parse.GetValue(key)!);
            var result = await ProgressDisplay.RunAsync(context, "import", () => importer.RunAsync(cancellationToken), () =>
            {
                var p = importer.Progress;
                return new ProgressFrame(p.FilesDone, p.FilesTotal, p.BytesDone, p.BytesTotal, p.TotalsKnown);
            }).ConfigureAwait(false);

            var s = result.Snapshot.Summary;
            if (context.Json)
            {
                var entry = new Repository.SnapshotEntry(result.SnapshotId, result.Snapshot);
                context.Out.WriteLine(CliJson.Serialize(new BackupJson(SnapshotJson.From(entry), s.NewFiles, s.ChangedFiles, s.UnchangedFiles, s.DurationMs, [])));
            }
            else
            {
                context.Out.MarkupLine($"imported {Markup.Escape(parse.GetValue(key)!)} as snapshot [bold]{result.ShortId}[/] of {Markup.Escape(result.Snapshot.Host)}: " +
                    $"{Sizes.Count(s.Files)} files, {Sizes.Bytes(s.Bytes)}, added {Sizes.Bytes(s.AddedBytes)} in {Sizes.Seconds(TimeSpan.FromMilliseconds(s.DurationMs))}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
