using System.CommandLine;
using System.Globalization;
using Ferry.Cli.Rendering;
using Ferry.Maintenance;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliServices services)
    {
        var readData = new Option<bool>("--read-data") { Description = "Also download every pack and verify every blob" };
        var subset = new Option<string?>("--read-data-subset") { Description = "Download and verify this share of the packs, e.g. 10%" };
        var command = new Command("check", "Verify the repository: structure, and with --read-data the data itself") { readData, subset };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var percent = parse.GetValue(readData) ? 100 : ParsePercent(parse.GetValue(subset));
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var result = await new Checker(repository, new CheckOptions { ReadDataPercent = percent }).RunAsync(cancellationToken).ConfigureAwait(false);
            context.Out.MarkupLine($"checked {result.Snapshots} snapshots, {result.Packs} packs" + (result.PacksRead > 0 ? $", read {result.PacksRead} packs ({Sizes.Bytes(result.BytesRead)})" : ""));
            foreach (var problem in result.Problems)
            {
                services.Err.MarkupLine($"[red]damaged[/] {Markup.Escape(problem.Key)}: {Markup.Escape(problem.Message)}");
                foreach (var affected in problem.Affected)
                {
                    services.Err.MarkupLine($"  affects {Markup.Escape(affected)}");
                }
            }

            if (!result.Ok)
            {
                services.Err.MarkupLine($"[red]{result.Problems.Count} problems: the files named above cannot be restored as they were stored[/]");
                return ExitCodes.Failure;
            }

            context.Out.MarkupLine("[green]no problems found[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static double ParsePercent(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        if (double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100)
        {
            return percent;
        }

        throw new UsageException($"--read-data-subset takes a percentage between 0 and 100, like 10%, not '{text}'");
    }
}
