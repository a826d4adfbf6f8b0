using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Shipping;

/// <summary>
/// samples/EmbedFerry, built the way another app builds against Ferry: from the Ferry.Engine package
/// in the local feed, not the engine's project. It backs up a folder to Ceph RGW and lists the
/// snapshots, and the ferry command restores what it stored.
/// </summary>
[Collection(ReleaseArtifacts.Name)]
public sealed partial class EmbeddedEngineSampleTests(ReleaseBuild release, CephFixture ceph) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Device _device = new("sample-host");

    [Fact]
    public async Task The_sample_built_from_the_package_backs_up_and_the_cli_restores_it()
    {
        var program = await BuildSampleAsync();
        var data = _device.Path("notes");
        SampleTree.Write(data);
        _device.UseS3(ceph.Settings with { Root = $"/sample/{S3ServerFixture.UniqueRoot()}/" });

        var run = await ReleaseBuild.RunAsync("dotnet", [program, data], _device.Environment, isolated: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        var stored = StoredLine().Match(run.Stdout);
        Assert.True(stored.Success, run.ToString());
        var id = stored.Groups[1].Value;
        Assert.Contains(run.Stdout.Split('\n'), line => line.StartsWith(id + "  ", StringComparison.Ordinal));
        var restore = await _device.RunAsync("restore", id, "--to", _device.Path("restored"));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(data, _device.Path("restored"));
    }

    [Fact]
    public void The_engine_package_carries_its_xml_docs_and_readme()
    {
        using var package = ZipFile.OpenRead(Path.Combine(release.Feed, $"Ferry.Engine.{release.Version}.nupkg"));
        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net10.0/Ferry.Engine.dll", names);
        Assert.Contains("lib/net10.0/Ferry.Engine.xml", names);
        Assert.Contains("README.md", names);
        using var docs = new StreamReader(package.GetEntry("lib/net10.0/Ferry.Engine.xml")!.Open());
        Assert.Contains("M:Ferry.Repository.FerryRepository.OpenAsync", docs.ReadToEnd(), StringComparison.Ordinal);
    }

    /// <summary>Builds the sample against the feed's package, with a NuGet cache of its own, and checks it really used the package.</summary>
    private async Task<string> BuildSampleAsync()
    {
        var packages = _folder.Sub("nuget-packages");
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var build = await ReleaseBuild.RunAsync("dotnet",
        [
            "build", Path.Combine(SourceTree.Root, "samples", "EmbedFerry", "EmbedFerry.csproj"), "-c", "Release", "-nologo",
            $"-p:FerryVersion={release.Version}", $"-p:RestorePackagesPath={packages}",
            // The feed for Ferry.Engine; the machine's package cache (a folder feed too) for its dependencies.
            $"-p:RestoreAdditionalProjectSources={release.Feed}%3B{globalPackages}",
            "--artifacts-path", _folder.Sub("artifacts"), "-o", _folder.Sub("out"),
        ]);
        Assert.True(build.ExitCode == 0, build.ToString());

        using var assets = JsonDocument.Parse(File.ReadAllText(_folder.Sub("artifacts/obj/EmbedFerry/project.assets.json")));
        var library = assets.RootElement.GetProperty("libraries").GetProperty($"Ferry.Engine/{release.Version}");
        Assert.Equal("package", library.GetProperty("type").GetString());
        using var package = ZipFile.OpenRead(Path.Combine(release.Feed, $"Ferry.Engine.{release.Version}.nupkg"));
        using var packaged = new MemoryStream();
        await package.GetEntry("lib/net10.0/Ferry.Engine.dll")!.Open().CopyToAsync(packaged);
        Assert.Equal(packaged.ToArray(), await File.ReadAllBytesAsync(_folder.Sub("out/Ferry.Engine.dll")));
        return _folder.Sub("out/EmbedFerry.dll");
    }

    [GeneratedRegex(@"stored snapshot ([0-9a-f]{8}):")]
    private static partial Regex StoredLine();

    public void Dispose()
    {
        _device.Dispose();
        _folder.Dispose();
    }
}
