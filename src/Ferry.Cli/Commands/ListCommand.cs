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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var wanted = parse.GetValue(host);
            var snapshots = (await repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false))
                .Where(s => wanted is null || s.Snapshot.Host == wanted)
                .ToList();
            if (context.Json)
            {
                context.Out.WriteLine(CliJson.Serialize(snapshots.Select(SnapshotJson.From).ToList()));
                return ExitCodes.Success;
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
            return ExitCodes.Success;
        });
        return command;
    }
}
