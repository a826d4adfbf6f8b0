using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Testing;
using Spectre.Console;

namespace Ferry.IntegrationTests.Docs;

/// <summary>
/// docs/CONTRACT.md is what scripts and people rely on: every command and option, every setting,
/// every exit code, every environment variable and every route of the page's API. A command, option,
/// setting, variable or route added without a word there would be a contract nobody can read.
/// </summary>
public sealed partial class ContractDocTests
{
    private static readonly string Contract = File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "CONTRACT.md"));

    [Fact]
    public void Every_command_has_a_section_that_names_each_of_its_options()
    {
        var root = FerryCommandLine.Build(Services());
        var problems = new List<string>();
        foreach (var option in root.Options.Where(Documented))
        {
            if (!Contract.Contains($"`{option.Name}", StringComparison.Ordinal))
            {
                problems.Add($"global option {option.Name} is not named");
            }
        }

        foreach (var (path, command) in Commands(root, "ferry"))
        {
            if (command.Action is null)
            {
                // A group such as 'ferry config': its subcommands have the sections.
                continue;
            }

            var section = Section(path);
            if (section is null)
            {
                problems.Add($"no section headed ### `{path}`");
                continue;
            }

            problems.AddRange(command.Options.Where(Documented)
                .Where(o => !section.Contains($"`{o.Name}", StringComparison.Ordinal))
                .Select(o => $"`{path}` does not name {o.Name}"));
        }

        Assert.True(problems.Count == 0, "docs/CONTRACT.md:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Every_setting_and_every_environment_variable_Ferry_reads_is_named()
    {
        var missing = SettingNames.All.Where(key => !Contract.Contains($"`{key}`", StringComparison.Ordinal))
            .Select(key => $"config set key {key}")
            .Concat(EnvironmentVariables().Where(name => !Contract.Contains($"`{name}", StringComparison.Ordinal)).Select(name => $"environment variable {name}"))
            .ToList();
        Assert.True(missing.Count == 0, "docs/CONTRACT.md does not name:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_exit_code_table_lists_exactly_the_codes_the_command_line_returns()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (int)f.GetRawConstantValue()!)
            .Distinct().Order().ToList();
        var table = Section("## Exit codes") ?? "";
        var rows = ExitCodeRow().Matches(table).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(codes, rows);
    }

    [Fact]
    public void Every_route_of_the_pages_API_is_named()
    {
        var api = Path.Combine(SourceTree.Root, "src", "Ferry.Web", "Api");
        var routes = Directory.EnumerateFiles(api, "*.cs")
            .SelectMany(f => Route().Matches(File.ReadAllText(f)))
            .Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} /api{m.Groups[2].Value}")
            .ToList();
        Assert.True(routes.Count >= 10, $"found only {routes.Count} routes in src/Ferry.Web/Api: did the way they are mapped change?");
        var missing = routes.Where(r => !Contract.Contains($"`{r}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/CONTRACT.md does not name:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_docs_refer_to_nothing_outside_the_repository()
    {
        // Every document a doc names, by a link, a relative path or a file name, is in the repository.
        var outside = new List<string>();
        var held = Directory.EnumerateFiles(SourceTree.Root, "*.md", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var doc in Directory.GetFiles(Path.Combine(SourceTree.Root, "docs"), "*.md").Append(Path.Combine(SourceTree.Root, "README.md")))
        {
            var text = File.ReadAllText(doc);
            var folder = Path.GetDirectoryName(doc)!;
            foreach (Match link in MarkdownLink().Matches(text))
            {
                var target = Path.GetFullPath(Path.Combine(folder, link.Groups[1].Value));
                if (!target.StartsWith(SourceTree.Root, StringComparison.Ordinal) || !(File.Exists(target) || Directory.Exists(target)))
                {
                    outside.Add($"{Path.GetFileName(doc)} links to {link.Groups[1].Value}");
                }
            }

            foreach (Match climb in RelativeClimb().Matches(text))
            {
                if (!Path.GetFullPath(Path.Combine(folder, climb.Value)).StartsWith(SourceTree.Root, StringComparison.Ordinal))
                {
                    outside.Add($"{Path.GetFileName(doc)} names {climb.Value}, outside the repository");
                }
            }

            foreach (Match named in DocumentName().Matches(text))
            {
                if (!held.Contains(named.Value))
                {
                    outside.Add($"{Path.GetFileName(doc)} names {named.Value}, which the repository does not hold");
                }
            }
        }

        Assert.True(outside.Count == 0, string.Join('\n', outside));
    }

    [GeneratedRegex(@"\]\((?!https?:|#|mailto:)([^)#\s]+)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<![\w/.])(?:\.\./)+[\w.-]+")]
    private static partial Regex RelativeClimb();

    [GeneratedRegex(@"\b[A-Z][A-Z-]+\.md\b")]
    private static partial Regex DocumentName();

    private static CliServices Services()
    {
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        return new CliServices
        {
            Out = quiet,
            Err = quiet,
            In = TextReader.Null,
            Data = TextWriter.Null,
            Time = TimeProvider.System,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    private static bool Documented(Option option) => option.Name is not ("--help" or "--version");

    private static IEnumerable<(string Path, Command Command)> Commands(Command parent, string path)
    {
        foreach (var command in parent.Subcommands)
        {
            var name = $"{path} {command.Name}";
            yield return (name, command);
            foreach (var nested in Commands(command, name))
            {
                yield return nested;
            }
        }
    }

    /// <summary>The text under the heading "### `ferry …`" (or another heading given whole), up to the next heading of its level or above.</summary>
    private static string? Section(string command)
    {
        var heading = command.StartsWith('#') ? command : $"### `{command}`";
        var lines = Contract.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading || l.StartsWith(heading + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var level = heading.TakeWhile(c => c == '#').Count();
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith('#') && l.TakeWhile(c => c == '#').Count() <= level);
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>Every FERRY_* and AWS_* variable named in a string literal of the product's sources.</summary>
    private static IEnumerable<string> EnvironmentVariables()
    {
        var src = Path.Combine(SourceTree.Root, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => Variable().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"""((?:FERRY|AWS)_[A-Z0-9_]+)""")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\| `(\d+)` \|", RegexOptions.Multiline)]
    private static partial Regex ExitCodeRow();

    [GeneratedRegex(@"\.Map(Get|Post|Put|Delete)\(""(/[^""]*)""")]
    private static partial Regex Route();
}
