using System.Text.RegularExpressions;
using Ferry.Testing;

namespace Ferry.Tests.Architecture;

/// <summary>
/// The engine's messages say what went wrong; the next step that names a command, an option or an
/// environment variable is a <see cref="global::Ferry.Errors.Remedy"/> the front end words. An app that embeds the
/// engine must not show its users "run 'ferry check'", a command they do not have.
/// </summary>
public sealed partial class EngineMessageTests
{
    [Fact]
    public void Engine_messages_name_no_command_or_variable_of_the_CLI()
    {
        var engine = Path.Combine(SourceTree.Root, "src", "Ferry");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(engine, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                if (CommandInLiteral().IsMatch(lines[i]) || OptionInLiteral().IsMatch(lines[i]) || (lines[i].Contains("Exception(", StringComparison.Ordinal) && VariableInLiteral().IsMatch(lines[i])))
                {
                    found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.Empty(found);
    }

    // A string literal that names a ferry command: "… run 'ferry check'".
    [GeneratedRegex("\"[^\"]*'ferry [a-z]")]
    private static partial Regex CommandInLiteral();

    // A string literal that names one of the CLI's options: "… restore again with --rename-unsafe".
    [GeneratedRegex("\"[^\"]*--[a-z]")]
    private static partial Regex OptionInLiteral();

    // A string literal that names one of the CLI's environment variables.
    [GeneratedRegex("\"[^\"]*FERRY_[A-Z]")]
    private static partial Regex VariableInLiteral();
}
