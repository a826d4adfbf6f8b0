using System.CommandLine;
using Ferry.Configuration;
using Ferry.Maintenance;
using Ferry.Repository;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>Automatic maintenance as the CLI's commands run it: on unless the settings or <c>--no-maintenance</c> say otherwise.</summary>
internal static class MaintenanceRun
{
    public static Option<bool> CreateOption() => new("--no-maintenance") { Description = "Do not run automatic maintenance (pruning unused data) afterwards this time" };

    public static bool IsEnabled(CliContext context, ParseResult parse, Option<bool> off) =>
        !parse.GetValue(off) && MaintenanceSettings.IsEnabled(new ConfigFile(context.Settings.ConfigPath).Load());

    /// <summary>Runs maintenance as this device, telling the user what it is doing and what it did.</summary>
    public static async Task<MaintenanceReport> RunAsync(CliContext context, FerryRepository repository, CancellationToken cancellationToken)
    {
        var options = MaintenanceSettings.OptionsOf(new ConfigFile(context.Settings.ConfigPath).Load());
        var report = await new AutoMaintenance(repository, options).RunAsync(context.Settings.Host.Value!, cancellationToken).ConfigureAwait(false);
        Show(context, report);
        return report;
    }

    /// <summary>The options the settings give maintenance when it is on for this command, else null.</summary>
    public static MaintenanceOptions? OptionsIfEnabled(CliContext context, ParseResult parse, Option<bool> off) =>
        IsEnabled(context, parse, off) ? MaintenanceSettings.OptionsOf(new ConfigFile(context.Settings.ConfigPath).Load()) : null;

    /// <summary>What maintenance did: a notice, or a warning when it failed or found damage.</summary>
    public static void Show(CliContext context, MaintenanceReport report)
    {
        if (report.Outcome == MaintenanceOutcome.Failed || report.VerifyFoundProblems)
        {
            context.Services.Err.MarkupLine($"[yellow]{Markup.Escape(report.Describe(CliRemedies.Words))}[/]");
        }
        else
        {
            context.Notice(Markup.Escape(report.Describe(CliRemedies.Words)));
        }
    }
}
