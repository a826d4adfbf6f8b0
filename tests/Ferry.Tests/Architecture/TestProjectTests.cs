using System.Xml.Linq;
using Ferry.Testing;

namespace Ferry.Tests.Architecture;

/// <summary>
/// Test projects share their helpers through one library, Ferry.Testing, and never reference each
/// other: a test project that needs another's helper would otherwise drag in (and run) its tests.
/// </summary>
public sealed class TestProjectTests
{
    [Fact]
    public void Test_projects_reference_the_shared_testing_library_and_no_other_test_project()
    {
        var tests = Path.Combine(SourceTree.Root, "tests");
        var projects = Directory.GetFiles(tests, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(projects, p => Path.GetFileNameWithoutExtension(p) == "Ferry.Testing");

        var wrong = new List<string>();
        foreach (var project in projects)
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(r => r.StartsWith(tests + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            wrong.AddRange(references
                .Where(r => Path.GetFileNameWithoutExtension(r) != "Ferry.Testing" || Path.GetFileNameWithoutExtension(project) == "Ferry.Testing")
                .Select(r => $"{Path.GetFileName(project)} references {Path.GetFileName(r)}"));
        }

        Assert.Empty(wrong);
    }
}
