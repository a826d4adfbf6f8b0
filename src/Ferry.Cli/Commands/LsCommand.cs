using System.CommandLine;
using System.Globalization;
using Ferry.Cli.Rendering;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using TreeNode = Ferry.Repository.Trees.TreeNode;


namespace Ferry.Cli.Commands;

internal static class LsCommand
{
    public static Command Create(CliServices services)
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "Snapshot id (8+ hex digits) or 'latest'" }.RejectOptionLikeValues();
        var path = new Argument<string?>("PATH") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this path inside the snapshot" };
        var host = new Option<string?>("--host") { Description = "With 'latest': this device's newest snapshot" };
        var command = new Command("ls", "List the files in a snapshot, by the paths they get when restored") { snapshot, path, host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var entry = await repository.FindSnapshotAsync(parse.GetValue(snapshot)!, parse.GetValue(host), cancellationToken).ConfigureAwait(false);
            // Streamed line by line: a snapshot of 100,000 files must not be built up in memory first.
            var output = services.Data;
            var first = true;
            if (context.Json)
            {
                await output.WriteAsync('[').ConfigureAwait(false);
            }

            await foreach (var (p, node) in SnapshotBrowser.WalkAsync(repository, entry.Snapshot, parse.GetValue(path), cancellationToken).ConfigureAwait(false))
            {
                var json = ToJson(p, node);
                if (context.Json)
                {
                    await output.WriteAsync(first ? "\n  " : ",\n  ").ConfigureAwait(false);
                    await output.WriteAsync(CliJson.SerializeCompact(json)).ConfigureAwait(false);
                    first = false;
                }
                else
                {
                    await output.WriteLineAsync(Line(json)).ConfigureAwait(false);
                }
            }

            if (context.Json)
            {
                await output.WriteLineAsync(first ? "]" : "\n]").ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static EntryJson ToJson(string path, TreeNode node) => new(
        path,
        node.Type switch { NodeType.Directory => "dir", NodeType.Symlink => "symlink", _ => "file" },
        node.Size,
        Convert.ToString(node.Mode, 8).PadLeft(4, '0'),
        DateTime.UnixEpoch.AddTicks(node.MTimeNs / 100),
        node.Target);

    private static string Line(EntryJson e)
    {
        var kind = e.Type switch { "dir" => 'd', "symlink" => 'l', _ => '-' };
        var time = e.Mtime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var name = e.Target is null ? e.Path : $"{e.Path} -> {e.Target}";
        return $"{kind} {e.Mode} {Sizes.Bytes(e.Size),10}  {time}  {name}";
    }
}
