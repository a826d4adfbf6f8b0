using System.CommandLine;
using Ferry.Web;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry ui</c>: the settings page and the Manage list on 127.0.0.1, with automatic backups while it
/// runs. Prints the address with its access token and opens it in the browser.
/// </summary>
internal static class UiCommand
{
    public static Command Create(CliServices services)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)" };
        var noOpen = new Option<bool>("--no-open") { Description = "Print the address, do not open a browser" };
        var command = new Command("ui", "Open the settings page and the Manage list in the browser (127.0.0.1 only); runs automatic backups while open") { port, noOpen };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new UsageException($"--port must be between 1 and 65535, not {portNumber}");
            }

            using var host = new ScheduleHost(parse, services);
            var options = new WebHostOptions { Port = portNumber, Settings = host.Settings, Backups = host.Backups, Scheduler = host.Scheduler };
            FerryWebHost web;
            try
            {
                web = await FerryWebHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new Errors.FerryException($"cannot listen on 127.0.0.1:{portNumber}: {e.Message}; choose another --port or leave it out for a free one", e);
            }

            await using (web.ConfigureAwait(false))
            {
                // The address goes to standard output only: it carries the token that opens the page.
                services.Out.WriteLine($"Ferry is at {web.SignInAddress}");
                services.Err.MarkupLine("[grey]the address carries an access token: do not share it. Ctrl+C stops.[/]");
                host.Log(Markup.Escape(host.DescribePlan()));
                using var opener = parse.GetValue(noOpen) ? null : BrowserLauncher.TryOpen(web.SignInAddress, services);
                await host.RunUntilStoppedAsync("ferry ui", cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
