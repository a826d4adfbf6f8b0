using System.CommandLine;
using Ferry.Operations;
using Ferry.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class ConfigTestCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("test", "Prove the settings work: reach, sign in, write, read, list and delete a probe object, then open the repository");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = CliContext.Create(parse, services);
            context.Out.MarkupLine($"testing {Markup.Escape(ConfigCommand.Describe(context.Settings))}");
            IObjectStore store;
            try
            {
                store = context.OpenStore();
            }
            catch (StorageException e)
            {
                context.Out.MarkupLine($"[red]✗ settings[/]: {Markup.Escape(CliRemedies.Describe(e))}");
                return ExitCodes.Failure;
            }

            var report = await ConnectionTest.RunAsync(store, context.Password(), context.Services.Time, cancellationToken).ConfigureAwait(false);
            foreach (var step in report.Store.Steps)
            {
                context.Out.MarkupLine(step.Ok ? $"[green]✓[/] {step.Name}" : $"[red]✗ {step.Name}[/]: {Markup.Escape(step.Error ?? "failed")}");
            }

            if (report.Repository is { } repository)
            {
                context.Out.MarkupLine(repository switch
                {
                    { Found: RepositoryFound.NoneYet } => "[green]✓[/] no repository here yet: 'ferry init' or the first backup creates one",
                    { Found: RepositoryFound.Opens } => $"[green]✓[/] repository {repository.RepositoryId![..8]} opens with the password",
                    _ => $"[red]✗ open the repository[/]: {Markup.Escape(CliRemedies.Describe(repository.Failure!))}",
                });
            }

            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
