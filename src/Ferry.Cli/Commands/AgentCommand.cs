using System.CommandLine;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry agent</c>: the page's automatic backups without the page, for a systemd user service.</summary>
internal static class AgentCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("agent", "Run automatic backups without the page (e.g. as a systemd user service); stops on Ctrl+C or SIGTERM");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = new ScheduleHost(parse, services);
            host.Log($"ferry agent: {Spectre.Console.Markup.Escape(host.DescribePlan())}");
            await host.RunUntilStoppedAsync("ferry agent", cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
