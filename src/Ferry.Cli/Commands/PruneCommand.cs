using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Maintenance;
using Ferry.Repository;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class PruneCommand
{
    public static Command Create(CliServices services)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be removed, remove nothing" };
        var command = new Command("prune", "Remove data no snapshot needs; waits for running backups to finish") { dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(context, repository, new PruneOptions { DryRun = parse.GetValue(dryRun) }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task RunAsync(CliContext context, FerryRepository repository, PruneOptions options, CancellationToken cancellationToken)
    {
        context.Notice("pruning: waiting for running backups to finish, then removing unused data");
        var result = await new Pruner(repository, options).RunAsync(cancellationToken).ConfigureAwait(false);
        context.Out.MarkupLine($"{result.Snapshots} snapshots need {Sizes.Bytes(result.BytesBefore - result.UnreferencedBytes)} of {Sizes.Bytes(result.BytesBefore)} stored in {result.PacksBefore} packs; {Sizes.Bytes(result.UnreferencedBytes)} unused");
        context.Out.MarkupLine(result.DryRun
            ? $"dry run: would delete {result.PacksDeleted} packs and repack {result.PacksRepacked}"
            : $"deleted {result.PacksDeleted} packs, repacked {result.PacksRepacked} into {result.PacksWritten}: reclaimed {Sizes.Bytes(result.BytesReclaimed)}, {Sizes.Bytes(result.BytesAfter)} stored now");
    }
}
