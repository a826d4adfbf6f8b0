using System.CommandLine;
using Ferry.Cli.Commands;
using Ferry.Errors;
using Spectre.Console;

namespace Ferry.Cli;

/// <summary>
/// The <c>ferry</c> command tree, and the one place that turns failures into a one-line message and
/// an exit code (README, "Commands": exit codes): engine errors exit 1, usage errors 2.
/// </summary>
internal static class FerryCommandLine
{
    public static RootCommand Build(CliServices services)
    {
        var root = new RootCommand($"Ferry: encrypted, deduplicated backups of app data to your own S3 bucket. {ExitCodes.Help}");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(InitCommand.Create(services));
        root.Subcommands.Add(BackupCommand.Create(services));
        root.Subcommands.Add(ListCommand.Create(services));
        root.Subcommands.Add(LsCommand.Create(services));
        root.Subcommands.Add(RestoreCommand.Create(services));
        root.Subcommands.Add(DeleteCommand.Create(services));
        root.Subcommands.Add(DiffCommand.Create(services));
        root.Subcommands.Add(ForgetCommand.Create(services));
        root.Subcommands.Add(PruneCommand.Create(services));
        root.Subcommands.Add(CheckCommand.Create(services));
        root.Subcommands.Add(StatsCommand.Create(services));
        root.Subcommands.Add(ConfigCommand.Create(services));
        root.Subcommands.Add(UiCommand.Create(services));
        root.Subcommands.Add(AgentCommand.Create(services));
        root.Subcommands.Add(AppsCommand.Create(services));
        root.Subcommands.Add(ImportCommand.Create(services));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliServices services, CancellationToken cancellationToken)
    {
        var root = Build(services);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                services.Err.MarkupLine($"[red]ferry:[/] {Markup.Escape(error.Message)}");
            }

            services.Err.MarkupLine("run 'ferry --help' for usage");
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl+C and SIGTERM cancel cancellationToken (Program.cs); the command line's own handling would
            // cancel a token of its own instead, which reads as a bug below.
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Fail(services, e.Message, ExitCodes.Usage);
        }
        catch (Exception e) when (UserErrors.Is(e))
        {
            return Fail(services, CliRemedies.Describe(e), ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(services, "interrupted: nothing half-done is visible; running the same command again continues where it stopped", ExitCodes.Failure);
        }
        catch (Exception e)
        {
            // A bug, not a user error: say so, with the type to report, but still in one line.
            return Fail(services, UserErrors.Unexpected(e), ExitCodes.Failure);
        }
    }

    private static int Fail(CliServices services, string message, int code)
    {
        services.Err.MarkupLine($"[red]ferry:[/] {Markup.Escape(Flatten(message))}");
        return code;
    }

    private static string Flatten(string message) => message.ReplaceLineEndings(" ");
}
