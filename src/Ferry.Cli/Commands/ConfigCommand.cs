using System.CommandLine;
using Ferry.Apps;
using Ferry.Configuration;
using Spectre.Console;

namespace Ferry.Cli.Commands;

internal static class ConfigCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("config", "Show, change or test the settings");
        command.Subcommands.Add(Show(services));
        command.Subcommands.Add(Set(services));
        command.Subcommands.Add(ConfigTestCommand.Create(services));
        return command;
    }

    private static Command Show(CliServices services)
    {
        var command = new Command("show", "Show every setting and where its value comes from (secrets stay hidden)");
        command.SetAction(parse =>
        {
            var context = CliContext.Create(parse, services);
            var settings = context.Settings;
            var table = new Table().Border(TableBorder.Simple).AddColumns("Setting", "Value", "From");
            foreach (var setting in settings.All)
            {
                table.AddRow(setting.Name, Markup.Escape(setting.Display), setting.Source.ToString());
            }

            context.Out.MarkupLine($"backups go to: [bold]{Markup.Escape(Describe(settings))}[/]");
            context.Out.MarkupLine($"config file: {Markup.Escape(settings.ConfigPath)}");
            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Set(CliServices services)
    {
        var name = new Argument<string>("KEY") { Description = string.Join(", ", SettingNames.All) };
        name.AcceptOnlyFromAmong([.. SettingNames.All]);
        var value = new Argument<string?>("VALUE") { Arity = ArgumentArity.ZeroOrOne, Description = "The value; for secrets give '-' and pass it on standard input" };
        var command = new Command("set", "Save a setting in the config file (mode 0600)") { name, value };
        command.SetAction(parse =>
        {
            var context = CliContext.Create(parse, services);
            var key = parse.GetValue(name)!;
            var given = parse.GetValue(value);
            string newValue;
            if (SettingNames.IsSecret(key))
            {
                if (given is not (null or "-"))
                {
                    // Arguments are visible to every user through ps and end up in shell history.
                    throw new UsageException($"do not put the {key} on the command line, where ps and shell history show it: run 'ferry config set {key} -' and type or pipe it on standard input");
                }

                newValue = ReadSecret(services, key);
            }
            else
            {
                newValue = given ?? throw new UsageException($"give a value: ferry config set {key} VALUE");
            }

            using var source = new SettingsSource(context.Settings.ConfigPath, services.Environment, services.Time);
            var before = source.Load();
            var after = SettingNames.With(before, key, newValue, AppPresets.UserPresetFolder(source.File.Path));
            var problems = SettingsValidator.CheckSet(before, key, after, source);
            if (problems.Count > 0)
            {
                throw problems[0].ToException();
            }

            var file = source.File;
            file.Save(after);
            var shown = SettingNames.IsSecret(key) ? "(hidden)" : newValue;
            context.Out.MarkupLine($"{key} = {Markup.Escape(shown)} saved in {Markup.Escape(file.Path)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ReadSecret(CliServices services, string key)
    {
        if (services.InputIsTerminal)
        {
            return services.Err.Prompt(new TextPrompt<string>($"{key}:").Secret());
        }

        return services.In.ReadLine()?.TrimEnd('\r', '\n') ?? throw new UsageException($"no {key} on standard input");
    }

    internal static string Describe(ResolvedSettings settings) => settings.Kind == RepositoryKind.S3
        ? $"S3 bucket '{settings.Bucket.Value}' at {settings.Endpoint.Value ?? "(no endpoint)"}" + (settings.Root.HasValue ? $", root '{settings.Root.Value}'" : "")
        : $"local folder {settings.Repository.Value}" + (settings.IsDefaultRepository ? " (default)" : "");
}
