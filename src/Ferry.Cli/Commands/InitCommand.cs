using System.CommandLine;
using Ferry.Configuration;
using Ferry.Repository;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("init", "Create a repository at the configured place (a first backup does this too)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            var store = context.OpenStore();
            // The cache remembers the new key and config: this device's next command opens without asking for them.
            var repository = await FerryRepository.InitAsync(store, context.ReadPassword(confirm: true), context.Settings.Host.Value!, services.Time, RepositoryCache.Directory(services.Environment), cancellationToken).ConfigureAwait(false);
            context.Out.MarkupLine($"created repository [bold]{repository.Id[..8]}[/] at {Markup.Escape(repository.Location)}");
            context.Notice("keep the password safe: without it the backups cannot be read, on this device or any other");
            return ExitCodes.Success;
        });
        return command;
    }
}
