using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Maintenance;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class DeleteCommand
{
    public static Command Create(CliServices services)
    {
        var snapshots = new Argument<string[]>("SNAPSHOT") { Arity = ArgumentArity.OneOrMore, Description = "Snapshot ids (8+ hex digits)" }.RejectOptionLikeValues();
        var noMaintenance = MaintenanceRun.CreateOption();
        var command = new Command("delete", "Delete snapshots (other snapshots keep the data they share); says what space this frees, and automatic maintenance removes it once unused data passes a threshold") { snapshots, noMaintenance };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            // Resolve every id before deleting any, so a typo in the last one deletes nothing.
            var entries = new List<Repository.SnapshotEntry>();
            foreach (var reference in parse.GetValue(snapshots)!)
            {
                if (reference == "latest")
                {
                    throw new UsageException("delete takes snapshot ids, not 'latest': see 'ferry list'");
                }

                entries.Add(await repository.FindSnapshotAsync(reference, null, cancellationToken).ConfigureAwait(false));
            }

            entries = [.. entries.DistinctBy(e => e.Id)];
            var freed = await StorageUsage.FreedByDeletingAsync(repository, entries, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                await repository.DeleteSnapshotAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                if (!context.Json)
                {
                    context.Out.MarkupLine($"deleted snapshot [bold]{entry.ShortId}[/] ({Markup.Escape(entry.Snapshot.Host)}, {entry.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
                }
            }

            var maintenance = freed > 0 && MaintenanceRun.IsEnabled(context, parse, noMaintenance) ? await MaintenanceRun.RunAsync(context, repository, cancellationToken).ConfigureAwait(false) : null;
            var message = FreedSpace.Of(freed, maintenance).Describe(CliRemedies.Words);
            if (context.Json)
            {
                context.Out.WriteLine(CliJson.Serialize(new DeleteJson([.. entries.Select(e => e.Id)], freed, maintenance?.Pruned == true, message)));
            }
            else
            {
                context.Out.MarkupLine(Markup.Escape(entries.Count == 1 ? $"this {message}" : $"deleting them {message}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
