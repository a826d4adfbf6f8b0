using System.CommandLine;
using Ferry.Errors;
using Ferry.Repository;
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

            var report = await StoreProbe.RunAsync(store, cancellationToken).ConfigureAwait(false);
            foreach (var step in report.Steps)
            {
                context.Out.MarkupLine(step.Ok ? $"[green]✓[/] {step.Name}" : $"[red]✗ {step.Name}[/]: {Markup.Escape(step.Error ?? "failed")}");
            }

            if (!report.Ok)
            {
                return ExitCodes.Failure;
            }

            return await CheckRepositoryAsync(context, store, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The store works; say whether a repository is there and whether the password opens it.</summary>
    private static async Task<int> CheckRepositoryAsync(CliContext context, IObjectStore store, CancellationToken cancellationToken)
    {
        if (!await FerryRepository.IsInitializedAsync(store, cancellationToken).ConfigureAwait(false))
        {
            context.Out.MarkupLine("[green]✓[/] no repository here yet: 'ferry init' or the first backup creates one");
            return ExitCodes.Success;
        }

        try
        {
            var repository = await FerryRepository.OpenAsync(store, context.ReadPassword(confirm: false), context.Services.Time, cancellationToken).ConfigureAwait(false);
            context.Out.MarkupLine($"[green]✓[/] repository {repository.Id[..8]} opens with the password");
            return ExitCodes.Success;
        }
        catch (FerryException e)
        {
            context.Out.MarkupLine($"[red]✗ open the repository[/]: {Markup.Escape(CliRemedies.Describe(e))}");
            return ExitCodes.Failure;
        }
    }
}
