using System.CommandLine;
using System.Globalization;
using Ferry.Cli.Rendering;
using Ferry.Names;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using TreeNode = Ferry.Repository.Trees.TreeNode;


namespace Ferry.Cli.Commands;

internal static class LsCommand
{
    public static Command Create(CliServices services)
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "Snapshot id (8+ hex digits) or 'latest'" }.RejectOptionLikeValues();
        var path = new Argument<string?>("PATH") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this path inside the snapshot (as ls shows it: quoted when the name is unusual)" };
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
                    await output.WriteLineAsync(Line(p, node, json)).ConfigureAwait(false);
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
        NameText.JsonText(path),
        NameText.RawBase64(path),
        node.Type switch { NodeType.Directory => "dir", NodeType.Symlink => "symlink", _ => "file" },
        node.Size,
        Convert.ToString(node.Mode, 8).PadLeft(4, '0'),
        DateTime.UnixEpoch.AddTicks(node.MTimeNs / 100),
        node.Target is { } target ? NameText.JsonText(target) : null,
        node.Target is { } raw ? NameText.RawBase64(raw) : null);

    /// <summary>One line per entry; a name that would be ambiguous (a line break, a byte that is not UTF-8) is quoted (<see cref="NameText"/>).</summary>
    private static string Line(string path, TreeNode node, EntryJson e)
    {
        var kind = e.Type switch { "dir" => 'd', "symlink" => 'l', _ => '-' };
        var time = e.Mtime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var name = node.Target is null ? NameText.Show(path) : $"{NameText.Show(path)} -> {NameText.Show(node.Target)}";
        return $"{kind} {e.Mode} {Sizes.Bytes(e.Size),10}  {time}  {name}";
    }
}
