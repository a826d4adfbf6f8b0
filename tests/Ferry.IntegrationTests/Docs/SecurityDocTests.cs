using System.Text.RegularExpressions;
using Ferry.Testing;

namespace Ferry.IntegrationTests.Docs;

/// <summary>
/// docs/SECURITY.md names, for every promise, the tests that show it. A promise without a test, or a
/// test named there that was renamed or removed, would leave the page claiming what nothing checks.
/// </summary>
public sealed partial class SecurityDocTests
{
    [Fact]
    public void Every_promise_names_a_test_and_every_test_named_exists()
    {
        var page = File.ReadAllLines(Path.Combine(SourceTree.Root, "docs", "SECURITY.md"));
        var sources = TestSources();
        var promises = page.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| promise ", StringComparison.Ordinal)).ToList();
        Assert.True(promises.Count >= 25, $"found only {promises.Count} promises in docs/SECURITY.md: was the page's table format changed?");

        var problems = new List<string>();
        foreach (var promise in promises)
        {
            var shownBy = promise.TrimEnd(' ', '|').Split(" | ")[^1];
            if (!TestName().IsMatch(shownBy))
            {
                problems.Add($"names no test: {promise[..Math.Min(80, promise.Length)]}");
            }
        }

        foreach (Match name in TestName().Matches(string.Join('\n', page)))
        {
            var (type, method) = (name.Groups[1].Value, name.Groups[2].Value);
            var declaring = sources.Where(s => Regex.IsMatch(s, $@"\bclass\s+{type}\b")).ToList();
            if (declaring.Count == 0)
            {
                problems.Add($"no test class {type}");
            }
            else if (method.Length > 0 && !declaring.Any(s => Regex.IsMatch(s, $@"\b(Task|void)\s+{method}\s*\(")))
            {
                problems.Add($"no test {type}.{method}");
            }
        }

        Assert.True(problems.Count == 0, "docs/SECURITY.md:\n" + string.Join('\n', problems.Distinct()));
    }

    private static List<string> TestSources()
    {
        var tests = Path.Combine(SourceTree.Root, "tests");
        return [.. Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(tests, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(File.ReadAllText)];
    }

    /// <summary>`SomethingTests` or `SomethingTests.Method`, in backticks.</summary>
    [GeneratedRegex(@"`([A-Z]\w*Tests)(?:\.(\w+))?`")]
    private static partial Regex TestName();
}
