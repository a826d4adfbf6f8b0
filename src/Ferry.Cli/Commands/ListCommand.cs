using System.CommandLine;
using System.Globalization;
using Ferry.Cli.Rendering;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(CliServices services)
    {
        var host = new Option<string?>("--host") { Description = "Only this device's snapshots" };
        var command = new Command("list", "List snapshots from every device, newest first") { host };
        command.Aliases.Add("snapshots");
        var foreign = new Option<bool>("--foreign") { Description = "Also list the app's own zip backups found under the root (Cherry Studio's)" };
        command.Options.Add(foreign);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            if (parse.GetValue(foreign))
            {
                return await ForeignListing.RunAsync(context, parse.GetValue(host), cancellationToken).ConfigureAwait(false);
            }

            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var wanted = parse.GetValue(host);
            var listing = await repository.ListSnapshotsCheckedAsync(cancellationToken).ConfigureAwait(false);
            var snapshots = listing.Snapshots
                .Where(s => wanted is null || s.Snapshot.Host == wanted)
                .ToList();
            foreach (var damage in listing.Damaged)
            {
                services.Err.MarkupLine($"[red]damaged snapshot[/]: {Markup.Escape(damage)}");
            }

            var code = listing.Damaged.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
            if (context.Json)
            {
                context.Out.WriteLine(CliJson.Serialize(snapshots.Select(SnapshotJson.From).ToList()));
                return code;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("ID", "Time (UTC)", "Device", "OS", "Paths", "Tags", "Files", "Size", "Added");
            foreach (var entry in snapshots)
            {
                var s = entry.Snapshot;
                table.AddRow(
                    entry.ShortId,
                    s.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(s.Host),
                    s.Os,
                    Markup.Escape(string.Join("\n", s.Paths)),
                    Markup.Escape(string.Join(",", s.Tags)),
                    Sizes.Count(s.Summary.Files),
                    Sizes.Bytes(s.Summary.Bytes),
                    Sizes.Bytes(s.Summary.AddedBytes));
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"{snapshots.Count} snapshots");
            return code;
        });
        return command;
    }
}
