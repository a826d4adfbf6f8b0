using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Apps;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry apps</c>: the app presets, and where each app's data is on this computer.</summary>
internal static class AppsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("apps", "List the app presets for 'ferry backup --app NAME' (built-in, and yours in the config folder's apps/)");
        command.SetAction(parse =>
        {
            var context = CliContext.Create(parse, services);
            var userFolder = AppPresets.UserPresetFolder(context.Settings.ConfigPath);
            var apps = AppPresets.Load(userFolder).Select(p =>
            {
                var folder = AppPresets.ResolveDataFolder(p, services.Environment);
                return new AppJson(p.Name, p.DisplayName, p.Description, folder, folder is not null && Directory.Exists(folder), p.IsBuiltIn, p.Excludes, p.LiteExcludes, p.LockFiles, p.ProcessNames);
            }).ToList();
            if (context.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(apps, AppsJson.Default.ListAppJson));
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("Name", "App", "Data folder on this computer", "Lite also skips");
            foreach (var app in apps)
            {
                var folder = app.DataFolder is null ? "(name it: ferry backup --app " + app.Name + " PATH)"
                    : app.Found ? app.DataFolder : $"{app.DataFolder} (not found)";
                table.AddRow(Markup.Escape(app.Name), Markup.Escape(app.DisplayName + (app.BuiltIn ? "" : " (yours)")), Markup.Escape(folder), Markup.Escape(string.Join(", ", app.LiteExcludes)));
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"your own presets: {Markup.Escape(userFolder)}/*.json (see docs/APPS.md)");
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>One entry of <c>apps --json</c>.</summary>
internal sealed record AppJson(
    string Name,
    string DisplayName,
    string Description,
    string? DataFolder,
    bool Found,
    bool BuiltIn,
    IReadOnlyList<string> Excludes,
    IReadOnlyList<string> LiteExcludes,
    IReadOnlyList<string> LockFiles,
    IReadOnlyList<string> Processes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<AppJson>))]
internal sealed partial class AppsJson : JsonSerializerContext;
