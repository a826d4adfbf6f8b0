using System.Text.RegularExpressions;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Shipping;

/// <summary>
/// `dotnet tool install ferry` from the packages scripts/release.sh builds, as a user installs it,
/// then a real backup on one device and a restore on another through Ceph RGW with the installed command.
/// </summary>
[Collection(ReleaseArtifacts.Name)]
public sealed partial class InstalledToolTests(ReleaseBuild release, CephFixture ceph) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Device _a = new("laptop-a");
    private readonly Device _b = new("desktop-b");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = $"/tool/{S3ServerFixture.UniqueRoot()}/" };

    [Fact]
    public async Task The_installed_tool_backs_up_and_another_device_restores_identical_data()
    {
        var ferry = await InstallAsync();
        var data = _a.Path("home/.config/CherryStudio");
        AppData.Generate(data, megabytes: 8);
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);

        var backup = await ReleaseBuild.RunAsync(ferry, ["backup", data], _a.Environment, isolated: true);
        var restore = await ReleaseBuild.RunAsync(ferry, ["restore", "latest", "--host", "laptop-a", "--to", _b.Path("restored")], _b.Environment, isolated: true);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        TreeAssert.Identical(data, _b.Path("restored"));
    }

    [Fact]
    public async Task The_installed_tool_is_this_platforms_package_and_names_its_version_and_commit()
    {
        var ferry = await InstallAsync();

        var version = await ReleaseBuild.RunAsync(ferry, ["--version"]);

        // The tool path links to the package the SDK chose for this platform, not the portable fallback.
        var target = new FileInfo(ferry).LinkTarget ?? "";
        Assert.Contains($"ferry.{ReleaseBuild.HostRid}", target, StringComparison.Ordinal);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(VersionAndCommit(), version.Stdout.Trim());
        Assert.StartsWith(release.Version + "+", version.Stdout.Trim(), StringComparison.Ordinal);
    }

    /// <summary>Installs into a tool path of its own, with a NuGet cache of its own: an older package of the same version must not stand in.</summary>
    private async Task<string> InstallAsync()
    {
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _folder.Sub("nuget-packages") };
        var install = await ReleaseBuild.RunAsync("dotnet",
            ["tool", "install", "--tool-path", _folder.Sub("tools"), "--add-source", release.Feed, "ferry", "--version", release.Version], environment);
        Assert.True(install.ExitCode == 0, install.ToString());
        return _folder.Sub("tools/ferry");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+[0-9a-f]{40}$")]
    private static partial Regex VersionAndCommit();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _folder.Dispose();
    }
}
