using System.CommandLine;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class DeleteCommand
{
    public static Command Create(CliServices services)
    {
        var snapshots = new Argument<string[]>("SNAPSHOT") { Arity = ArgumentArity.OneOrMore, Description = "Snapshot ids (8+ hex digits)" }.RejectOptionLikeValues();
        var command = new Command("delete", "Delete snapshots (other snapshots keep the data they share)") { snapshots };
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

            foreach (var entry in entries.DistinctBy(e => e.Id))
            {
                await repository.DeleteSnapshotAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                context.Out.MarkupLine($"deleted snapshot [bold]{entry.ShortId}[/] ({Markup.Escape(entry.Snapshot.Host)}, {entry.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
