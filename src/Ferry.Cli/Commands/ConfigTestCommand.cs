using System.CommandLine;

namespace Ferry.Cli.Commands;

internal static class ConfigTestCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("test", "Prove the settings work: reach, sign in, write, read, list and delete a probe object");
        command.SetAction(parse =>
        {
            _ = CliContext.Create(parse, services);
            return ExitCodes.Failure;
        });
        return command;
    }
}
