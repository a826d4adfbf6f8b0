using System.CommandLine;
using Ferry.Cli.Rendering;
using Ferry.Configuration;
using Ferry.Maintenance;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry stats</c>: the bucket's size, what each device's snapshots use, what they share, and what maintenance would reclaim.</summary>
internal static class StatsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("stats", "Show the repository's size: what each device's snapshots use, what they share, and what maintenance would reclaim");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var saved = new ConfigFile(context.Settings.ConfigPath).Load();
            var options = MaintenanceSettings.OptionsOf(saved);
            var report = await StorageUsage.MeasureAsync(repository, options.Threshold, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(CliJson.Serialize(StatsJson.From(report, MaintenanceSettings.IsEnabled(saved), options.Threshold.Percent)));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("", "stored").HideHeaders().NoBorder();
            table.AddRow("repository", Sizes.Bytes(report.RepositoryBytes));
            table.AddRow("  data", $"{Sizes.Bytes(report.PackBytes)} in {Sizes.Count(report.Packs)} packs");
            table.AddRow("  index and snapshots", Sizes.Bytes(report.MetadataBytes));
            foreach (var device in report.Devices)
            {
                table.AddRow(Markup.Escape($"device {device.Host}"), $"{Sizes.Bytes(device.Bytes)} in {Sizes.Count(device.Snapshots)} snapshots, {Sizes.Bytes(device.OnlyThisDevice)} of it used by no other device");
            }

            table.AddRow("shared by devices", Sizes.Bytes(report.SharedBytes));
            table.AddRow("unused (reclaimable)", $"{Sizes.Bytes(report.ReclaimableBytes)}; maintenance cleans up above {Sizes.Bytes(report.TriggerBytes)}");
            if (report.OtherBytes > 0)
            {
                table.AddRow("other objects", $"{Sizes.Bytes(report.OtherBytes)} (not Ferry's, e.g. an app's own backups)");
            }

            table.AddRow("maintenance", Markup.Escape(Describe(report.Maintenance, MaintenanceSettings.IsEnabled(saved))));
            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(MaintenanceRecord? record, bool enabled)
    {
        var here = enabled ? "on for this device" : "off for this device ('ferry config set maintenance on' turns it on)";
        if (record?.Owner is null)
        {
            return $"{here}; no device has run it yet";
        }

        var prune = record.LastPrune is { } p ? $"; last clean-up {p.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC reclaimed {Sizes.Bytes(p.Reclaimed)}" : "";
        var verify = record.LastVerify is { } v ? $"; last verification {v.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {(v.Problems == 0 ? "all good" : $"{v.Problems} problems (first: {v.FirstProblem})")}" : "";
        return $"{here}; done by device {record.Owner}, last run {record.LastRun?.UtcDateTime:yyyy-MM-dd HH:mm} UTC{prune}{verify}";
    }
}
