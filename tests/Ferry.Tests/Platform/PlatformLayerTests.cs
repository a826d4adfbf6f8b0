using System.Diagnostics;
using Ferry.Errors;
using Ferry.Platform;
using Ferry.Platform.Linux;
using Ferry.Testing;

namespace Ferry.Tests.Platform;

/// <summary>
/// The native layer of this OS and the portable one read the same file system the same way. (The
/// whole suite also runs with FERRY_PLATFORM=portable, through every caller.)
/// </summary>
public sealed class PlatformLayerTests : IDisposable
{
    private static readonly DateTime Stamp = new DateTime(2021, 6, 7, 8, 9, 10, DateTimeKind.Utc).AddTicks(1_234_567);
    private readonly TempFolder _temp = new();

    public static TheoryData<string> Layers => new() { "native", "portable" };

    [Fact]
    public void FERRY_PLATFORM_chooses_the_layer_and_an_unknown_value_is_a_clear_error()
    {
        Assert.Equal(typeof(PortablePlatform), OsPlatform.Choose("portable").GetType());
        Assert.Equal(typeof(PortablePlatform), OsPlatform.Choose(" Portable ").GetType());
        if (OperatingSystem.IsLinux())
        {
            Assert.IsType<LinuxPlatform>(OsPlatform.Choose(null));
            Assert.IsType<LinuxPlatform>(OsPlatform.Choose("native"));
        }

        var e = Assert.Throws<FerryException>(() => OsPlatform.Choose("windows"));
        Assert.Equal("FERRY_PLATFORM must be 'native' or 'portable', not 'windows'", e.Message);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_file_a_folder_and_links_read_as_they_are_never_followed(string layer)
    {
        var platform = OsPlatform.Choose(layer);
        var file = _temp.Sub("file.txt");
        File.WriteAllText(file, "hello");
        File.SetLastWriteTimeUtc(file, Stamp);
        var folder = _temp.Sub("folder");
        Directory.CreateDirectory(folder);
        Directory.SetLastWriteTimeUtc(folder, Stamp);
        File.CreateSymbolicLink(_temp.Sub("link"), "file.txt");
        File.CreateSymbolicLink(_temp.Sub("folder-link"), "folder");
        File.CreateSymbolicLink(_temp.Sub("dangling"), "nowhere");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var stampNs = (Stamp - DateTime.UnixEpoch).Ticks * 100;
        var fileStatus = platform.Status(file);
        Assert.Equal((EntryKind.File, 5L, stampNs), (fileStatus.Kind, fileStatus.Size, fileStatus.MTimeNs));
        Assert.Equal(OperatingSystem.IsWindows() ? 0 : 0b110_100_000, fileStatus.Mode);
        var folderStatus = platform.Status(folder);
        Assert.Equal((EntryKind.Directory, 0L, stampNs), (folderStatus.Kind, folderStatus.Size, folderStatus.MTimeNs));
        Assert.Equal(EntryKind.Symlink, platform.Status(_temp.Sub("link")).Kind);
        Assert.Equal(EntryKind.Symlink, platform.Status(_temp.Sub("folder-link")).Kind);
        Assert.Equal(EntryKind.Symlink, platform.Status(_temp.Sub("dangling")).Kind);
        Assert.Throws<FileNotFoundException>(() => platform.Status(_temp.Sub("missing")));
    }

    [Fact]
    public async Task The_native_layer_gives_the_inode_so_a_file_replaced_in_place_is_told_apart()
    {
        var file = _temp.Sub("data.bin");
        File.WriteAllText(file, "same");
        File.SetLastWriteTimeUtc(file, Stamp);
        var before = OsPlatform.Choose("native").Status(file);
        var replacement = _temp.Sub("data.bin.new");
        File.WriteAllText(replacement, "same");
        File.SetLastWriteTimeUtc(replacement, Stamp);
        File.Move(replacement, file, overwrite: true);
        var after = OsPlatform.Choose("native").Status(file);

        Assert.Equal((before.Size, before.MTimeNs), (after.Size, after.MTimeNs));
        Assert.NotEqual(before.Inode, after.Inode);
        if (OperatingSystem.IsLinux())
        {
            using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", file]) { RedirectStandardOutput = true })!;
            Assert.Equal((await stat.StandardOutput.ReadToEndAsync()).Trim(), after.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_symlink_is_made_as_recorded_and_one_that_cannot_be_made_is_explained_not_thrown(string layer)
    {
        var platform = OsPlatform.Choose(layer);
        File.WriteAllText(_temp.Sub("target.txt"), "x");

        Assert.Null(platform.CreateSymlink(_temp.Sub("link"), "target.txt"));
        Assert.Equal("target.txt", new FileInfo(_temp.Sub("link")).LinkTarget);

        var why = platform.CreateSymlink(_temp.Sub("target.txt"), "elsewhere");
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Equal("x", File.ReadAllText(_temp.Sub("target.txt")));
    }

    public void Dispose() => _temp.Dispose();
}
