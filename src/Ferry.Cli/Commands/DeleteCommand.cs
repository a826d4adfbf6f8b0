using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Operations;
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
            var references = parse.GetValue(snapshots)!;
            if (references.Contains("latest"))
            {
                throw new UsageException("delete takes snapshot ids, not 'latest': see 'ferry list'");
            }

            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);

            var result = await DeleteSnapshots.RunAsync(repository, references, context.Settings.Host.Value!, MaintenanceRun.OptionsIfEnabled(context, parse, noMaintenance), entry =>
            {
                if (!context.Json)
                {
                    context.Out.MarkupLine($"deleted snapshot [bold]{entry.ShortId}[/] ({Markup.Escape(entry.Snapshot.Host)}, {entry.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
                }
            }, cancellationToken).ConfigureAwait(false);
            var (entries, freed, maintenance) = result;
            if (maintenance is not null)
            {
                MaintenanceRun.Show(context, maintenance);
            }

            var message = result.Freed.Describe(CliRemedies.Words);
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
