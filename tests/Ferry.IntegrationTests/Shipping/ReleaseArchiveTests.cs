using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Ferry.Testing;

namespace Ferry.IntegrationTests.Shipping;

/// <summary>
/// The release archives: one per platform, each holding the ferry executable and only the native
/// libraries it loads, every file listed with its SHA-256 in SHA256SUMS, and this platform's runs.
/// </summary>
[Collection(ReleaseArtifacts.Name)]
public sealed class ReleaseArchiveTests(ReleaseBuild release) : IDisposable
{
    private static readonly string[] Platforms = ["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "any"];

    private readonly TempFolder _folder = new();

    [Fact]
    public void Every_archive_holds_the_executable_and_its_native_libraries_only()
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["linux"] = ["ferry", "libe_sqlite3.so", "libsodium.so"],
            ["osx"] = ["ferry", "libe_sqlite3.dylib", "libsodium.dylib"],
            ["win"] = ["e_sqlite3.dll", "ferry.exe", "libsodium.dll"],
        };
        var built = Platforms.Where(rid => ArchiveOf(rid) is not null).ToList();

        // CI builds every platform (scripts/release.sh with no --rids): a missing one is a failed build.
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Equal(Platforms, built);
        }

        Assert.Contains(ReleaseBuild.HostRid, built);
        foreach (var rid in built.Where(rid => rid != "any"))
        {
            Assert.Equal(expected[rid.Split('-')[0]], Entries(ArchiveOf(rid)!).Order(StringComparer.Ordinal));
        }

        if (built.Contains("any"))
        {
            var portable = Entries(ArchiveOf("any")!).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("ferry.dll", portable);
            Assert.Contains("ferry.runtimeconfig.json", portable);
            Assert.DoesNotContain(portable, name => name.EndsWith(".pdb", StringComparison.Ordinal) || name.EndsWith(".xml", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_sums_file_lists_every_archive_and_package_with_its_sha256()
    {
        var lines = File.ReadAllLines(Path.Combine(release.Folder, "SHA256SUMS"));
        var listed = lines.Select(line => line.Split("  ", 2)).ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(release.Folder, "ferry-*").Concat(Directory.EnumerateFiles(release.Feed, "*.nupkg"))
            .Select(f => Path.GetRelativePath(release.Folder, f)).ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            using var stream = File.OpenRead(Path.Combine(release.Folder, file));
            Assert.Equal(listed[file], Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    [Fact]
    public async Task This_platforms_archive_runs_and_names_the_release_version()
    {
        var folder = _folder.Sub("unpacked");
        Directory.CreateDirectory(folder);
        await using (var gzip = new GZipStream(File.OpenRead(ArchiveOf(ReleaseBuild.HostRid)!), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: false);
        }

        var version = await ReleaseBuild.RunAsync(Path.Combine(folder, "ferry"), ["--version"]);

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(release.Version + "+", version.Stdout.Trim(), StringComparison.Ordinal);
    }

    /// <summary>
    /// On Linux x64 scripts/release.sh cross-links linux-arm64 as Native AOT with Debian's arm64 tools; qemu-user runs
    /// the result. CI installs both (.ci/run) and builds every platform, so there this test cannot skip.
    /// </summary>
    [SkippableFact]
    public async Task The_linux_arm64_archive_holds_a_native_arm64_executable_that_runs()
    {
        var archive = ArchiveOf("linux-arm64");
        // Where Debian's packages put them (qemu-user-static, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross).
        const string qemu = "/usr/bin/qemu-aarch64-static";
        var ready = archive is not null && File.Exists(qemu) && File.Exists("/usr/bin/aarch64-linux-gnu-gcc") && File.Exists("/usr/aarch64-linux-gnu/lib/crt1.o");
        if (Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip.IfNot(ready,
                "needs a linux-arm64 archive built here with the arm64 cross tools (scripts/release.sh --rids linux-arm64) and qemu-user-static");
        }

        Assert.True(ready, "CI builds linux-arm64 with the cross tools and runs it under qemu (.ci/run installs them)");
        var folder = _folder.Sub("arm64");
        Directory.CreateDirectory(folder);
        await using (var gzip = new GZipStream(File.OpenRead(archive!), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: false);
        }

        var ferry = Path.Combine(folder, "ferry");
        var bytes = await File.ReadAllBytesAsync(ferry);
        Assert.Equal((ushort)183, BitConverter.ToUInt16(bytes, 18)); // ELF e_machine: AArch64
        // A self-contained single-file build carries the .NET host, which reads this variable; Native AOT has no host.
        Assert.Equal(-1, bytes.AsSpan().IndexOf("DOTNET_BUNDLE_EXTRACT_BASE_DIR"u8));

        var version = await ReleaseBuild.RunAsync(qemu, ["-L", "/usr/aarch64-linux-gnu", ferry, "--version"]);

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(release.Version + "+", version.Stdout.Trim(), StringComparison.Ordinal);
    }

    private string? ArchiveOf(string rid) =>
        new[] { ".tar.gz", ".zip" }.Select(ext => Path.Combine(release.Folder, $"ferry-{release.Version}-{rid}{ext}")).FirstOrDefault(File.Exists);

    private static List<string> Entries(string archive)
    {
        if (archive.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(archive);
            return zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
        }

        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType != TarEntryType.Directory)
            {
                names.Add(entry.Name.TrimStart('.', '/'));
            }
        }

        return names;
    }

    public void Dispose() => _folder.Dispose();
}
