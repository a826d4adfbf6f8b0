using System.CommandLine;
using Ferry.Maintenance;
using Ferry.Operations;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class ForgetCommand
{
    public static Command Create(CliServices services)
    {
        Option<int> Keep(string name, string what) => new($"--keep-{name}") { Description = $"Keep the newest snapshot of each of the last N {what}" };
        var last = new Option<int>("--keep-last") { Description = "Keep the newest N snapshots" };
        var hourly = Keep("hourly", "hours");
        var daily = Keep("daily", "days");
        var weekly = Keep("weekly", "weeks");
        var monthly = Keep("monthly", "months");
        var yearly = Keep("yearly", "years");
        var host = new Option<string?>("--host") { Description = "Only this device's snapshots" };
        var prune = new Option<bool>("--prune") { Description = "Then remove the data no snapshot needs any more" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be removed, remove nothing" };
        var command = new Command("forget", "Remove snapshots by a retention policy, per device and set of paths (restic's rules)")
        {
            last, hourly, daily, weekly, monthly, yearly, host, prune, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var policy = new RetentionPolicy
            {
                Last = parse.GetValue(last),
                Hourly = parse.GetValue(hourly),
                Daily = parse.GetValue(daily),
                Weekly = parse.GetValue(weekly),
                Monthly = parse.GetValue(monthly),
                Yearly = parse.GetValue(yearly),
            };
            if (policy.IsEmpty)
            {
                throw new UsageException("forget needs a policy: give at least one --keep-last, --keep-hourly, --keep-daily, --keep-weekly, --keep-monthly or --keep-yearly");
            }

            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var result = await ForgetSnapshots.RunAsync(repository, policy, parse.GetValue(host), parse.GetValue(dryRun), services.Time, group =>
            {
                context.Out.MarkupLine($"[bold]{Markup.Escape(group.Host)}[/] {Markup.Escape(string.Join(", ", group.Paths))}");
                foreach (var decision in group.Decisions)
                {
                    var s = decision.Snapshot;
                    var verdict = decision.Keep ? $"[green]keep[/]   ({Markup.Escape(string.Join(", ", decision.Reasons))})" : "[red]remove[/]";
                    context.Out.MarkupLine($"  {s.ShortId}  {s.Snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC  {verdict}");
                }
            }, cancellationToken).ConfigureAwait(false);

            context.Out.MarkupLine(parse.GetValue(dryRun) ? "dry run: nothing removed" : $"removed {result.Removed} snapshots");
            if (parse.GetValue(prune) && !parse.GetValue(dryRun))
            {
                await PruneCommand.RunAsync(context, repository, new PruneOptions(), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
