using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Names;
using Ferry.Repository.Snapshots;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class DiffCommand
{
    public static Command Create(CliServices services)
    {
        var before = new Argument<string>("SNAPSHOT1") { Description = "The older snapshot" }.RejectOptionLikeValues();
        var after = new Argument<string>("SNAPSHOT2") { Description = "The newer snapshot" }.RejectOptionLikeValues();
        var command = new Command("diff", "List the files added, removed and changed between two snapshots") { before, after };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var a = await repository.FindSnapshotAsync(parse.GetValue(before)!, null, cancellationToken).ConfigureAwait(false);
            var b = await repository.FindSnapshotAsync(parse.GetValue(after)!, null, cancellationToken).ConfigureAwait(false);
            var changes = await SnapshotDiff.CompareAsync(repository, a.Snapshot, b.Snapshot, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(CliJson.Serialize(changes.Select(c => new ChangeJson(c.Kind.ToString().ToLowerInvariant(), NameText.JsonText(c.Path), NameText.RawBase64(c.Path), c.Type.ToString().ToLowerInvariant(), c.SizeBefore, c.SizeAfter)).ToList()));
                return ExitCodes.Success;
            }

            foreach (var c in changes)
            {
                var (mark, color) = c.Kind switch { ChangeKind.Added => ('+', "green"), ChangeKind.Removed => ('-', "red"), _ => ('M', "yellow") };
                var sizes = c.Kind switch
                {
                    ChangeKind.Added => Size(c.SizeAfter),
                    ChangeKind.Removed => Size(c.SizeBefore),
                    _ => $"{Size(c.SizeBefore)} -> {Size(c.SizeAfter)}",
                };
                context.Out.MarkupLine($"[{color}]{mark}[/] {Markup.Escape(NameText.Show(c.Path))}{(c.Type == Repository.Trees.NodeType.Directory ? "/" : "")}  {sizes}");
            }

            context.Out.MarkupLine($"{changes.Count(c => c.Kind == ChangeKind.Added)} added, {changes.Count(c => c.Kind == ChangeKind.Removed)} removed, {changes.Count(c => c.Kind == ChangeKind.Changed)} changed");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Size(long? bytes) => bytes is { } b ? Sizes.Bytes(b) : "";
}
