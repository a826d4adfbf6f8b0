using System.CommandLine;
using Ferry.Configuration;
using Ferry.Maintenance;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>Automatic maintenance as the CLI's commands run it: on unless the settings or <c>--no-maintenance</c> say otherwise.</summary>
internal static class MaintenanceRun
{
    public static Option<bool> CreateOption() => new("--no-maintenance") { Description = "Do not run automatic maintenance (pruning unused data) afterwards this time" };

    /// <summary>The options the settings give maintenance when it is on for this command, else null.</summary>
    public static MaintenanceOptions? OptionsIfEnabled(CliContext context, ParseResult parse, Option<bool> off) =>
        parse.GetValue(off) ? null : MaintenanceSettings.OptionsIfEnabled(new ConfigFile(context.Settings.ConfigPath).Load());

    /// <summary>What maintenance did: a notice, or a warning when it failed or found damage.</summary>
    public static void Show(CliContext context, MaintenanceReport report)
    {
        if (report.NeedsAttention)
        {
            context.Services.Err.MarkupLine($"[yellow]{Markup.Escape(report.Describe(CliRemedies.Words))}[/]");
        }
        else
        {
            context.Notice(Markup.Escape(report.Describe(CliRemedies.Words)));
        }
    }
}
