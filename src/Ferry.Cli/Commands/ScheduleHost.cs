using System.CommandLine;
using System.Globalization;
using Ferry.Configuration;
using Ferry.Scheduling;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// What <c>ferry ui</c> and <c>ferry agent</c> share: settings read again for every backup, one
/// coordinator and scheduler, and a log line on standard error for every backup and problem.
/// </summary>
internal sealed class ScheduleHost : IDisposable
{
    private readonly CliServices _services;

    public ScheduleHost(ParseResult parse, CliServices services)
    {
        _services = services;
        var flags = new CommandLineSettings(parse.GetValue(GlobalOptions.Repository), null, parse.GetValue(GlobalOptions.PasswordFile));
        Settings = new SettingsSource(SettingsResolver.DefaultConfigPath(services.Environment), services.Environment, services.Time, flags);
        Backups = new BackupCoordinator(Settings) { RemedyWords = CliRemedies.Words };
        Scheduler = new AutoBackupScheduler(Backups, Settings);
        Backups.Finished += (trigger, outcome) => Log(Describe(trigger, outcome));
        Scheduler.Problem += message => Log($"[red]cannot read the settings:[/] {Markup.Escape(message)}");
    }

    public SettingsSource Settings { get; }

    public BackupCoordinator Backups { get; }

    public AutoBackupScheduler Scheduler { get; }

    /// <summary>One line saying what the schedule will do, for the start of a run.</summary>
    public string DescribePlan()
    {
        var plan = AutoBackupPlan.From(Settings.Load());
        if (!plan.Enabled)
        {
            return "automatic backups are off: choose an app or a folder and an interval in 'ferry ui' (or 'ferry config set app NAME' or 'ferry config set source-folder DIR', and 'ferry config set auto-backup-minutes 60')";
        }

        var next = Scheduler.NextDue();
        var what = string.IsNullOrEmpty(plan.SourceFolder) ? $"the data folder of {plan.App}" : plan.App is null ? plan.SourceFolder : $"{plan.SourceFolder} ({plan.App})";
        return string.Create(CultureInfo.InvariantCulture, $"backing up {what} every {plan.IntervalMinutes} minutes into {ConfigCommand.Describe(Settings.Resolve())}; next backup {Time(next)}");
    }

    /// <summary>
    /// Runs the schedule until the token is cancelled (Ctrl+C, or SIGTERM from systemd), then waits
    /// for a running backup to stop: it stops with the token and stays due, so it runs at the next start.
    /// </summary>
    public async Task RunUntilStoppedAsync(string name, CancellationToken cancellationToken)
    {
        await Scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
        if (Backups.Current is { } running)
        {
            await running.Completion.ConfigureAwait(false);
        }

        Log($"{name}: stopped");
    }

    public void Log(string markup) =>
        _services.Err.MarkupLine($"[grey]{Time(_services.Time.GetUtcNow())}[/] {markup}");

    public void Dispose()
    {
        Scheduler.Dispose();
        Settings.Dispose();
    }

    private static string MaintenanceLine(Maintenance.MaintenanceReport m)
    {
        var line = Markup.Escape(m.Describe(CliRemedies.Words));
        return m.NeedsAttention ? $"[yellow]{line}[/]" : line;
    }

    private static string Describe(BackupTrigger trigger, BackupOutcome outcome)
    {
        var who = trigger == BackupTrigger.Scheduled ? "automatic backup" : "backup";
        return outcome.Kind switch
        {
            BackupOutcomeKind.Succeeded => $"{who} [bold]{outcome.Result!.ShortId}[/] stored: {outcome.Result.Snapshot.Summary.Files:N0} files, added {Rendering.Sizes.Bytes(outcome.Result.Snapshot.Summary.AddedBytes)}"
                + (outcome.Result.Problems.Count > 0 ? $" [yellow]({outcome.Result.Problems.Count} files could not be read)[/]" : "")
                + (outcome.Result.Maintenance is { } m ? $"; {MaintenanceLine(m)}" : ""),
            BackupOutcomeKind.Failed => $"[red]{who} failed:[/] {Markup.Escape(outcome.Error ?? "")}",
            _ => $"{who} canceled",
        };
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "not scheduled";
}
