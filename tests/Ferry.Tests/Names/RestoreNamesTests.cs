using Ferry.Names;
using Ferry.Repository;
using Ferry.Repository.Trees;
using Ferry.Restore;
using Ferry.Restore.Names;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Restore;

namespace Ferry.Tests.Names;

/// <summary>Names another system allowed that this one cannot hold: refused before anything is written, or renamed when asked, never merged or dropped.</summary>
public sealed class RestoreNamesTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_name_longer_than_the_target_holds_is_refused_then_shortened_when_renaming()
    {
        // 200 CJK characters: 200 UTF-16 units (fine on Windows and NTFS), 600 bytes (too long for ext4).
        var windowsName = string.Concat(Enumerable.Repeat("\u4E2D", 200)) + ".txt";
        var (repository, snapshot) = await HandMadeSnapshot.WithAsync(File(windowsName), File("short.txt"));
        var target = _temp.Sub("target");

        var refused = await Assert.ThrowsAsync<UnsafeNamesException>(() => new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None));
        var result = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target, RenameUnsafe = true }).RunAsync(None);

        Assert.Equal(windowsName, Assert.Single(refused.Conflicts).Path);
        Assert.Contains("604 bytes long", refused.Conflicts[0].Reason);
        var rename = Assert.Single(result.Renames);
        Assert.Equal(windowsName, rename.Path);
        Assert.EndsWith("~ferry.txt", rename.RestoredAs);
        Assert.InRange(EntryName.ByteCount(rename.RestoredAs), 200, 255);
        Assert.True(System.IO.File.Exists(Path.Combine(target, rename.RestoredAs)));
        Assert.True(System.IO.File.Exists(Path.Combine(target, RenameManifest.FileName)));
    }

    [Fact]
    public async Task A_path_longer_than_the_system_allows_is_refused_even_when_renaming_and_nothing_is_written()
    {
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "h", TimeProvider.System, None);
        var deep = File("deep.txt");
        for (var i = 0; i < 20; i++)
        {
            // 20 folders of 250 bytes: 5,000 bytes, past Linux's PATH_MAX of 4,096.
            deep = new TreeNode { Name = new string('d', 250), Type = NodeType.Directory, Subtree = await HandMadeSnapshot.SaveTreeAsync(repository, new Tree { Nodes = [deep] }) };
        }

        var (_, snapshot) = await HandMadeSnapshot.WithAsync(repository, deep, File("fine.txt"));

        var refused = await Assert.ThrowsAsync<UnsafeNamesException>(() => new RestoreRunner(repository, snapshot, new RestoreOptions { Target = _temp.Sub("target"), RenameUnsafe = true }).RunAsync(None));

        Assert.False(refused.Renamable);
        Assert.Contains(refused.Conflicts, c => c.Reason.Contains("shorter path", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Theory]
    [InlineData("CON.txt", "CON~ferry.txt")]
    [InlineData("nul.txt", "nul~ferry.txt")]
    [InlineData("AUX", "AUX~ferry")]
    [InlineData("COM1.tar.gz", "COM1~ferry.tar.gz")]
    [InlineData("what?.txt", "what%3F~ferry.txt")]
    [InlineData("a<b>c", "a%3Cb%3Ec~ferry")]
    [InlineData("line\nbreak", "line%0Abreak~ferry")]
    [InlineData("trailing.", "trailing%2E~ferry")]
    [InlineData("trailing ", "trailing%20~ferry")]
    [InlineData("archive.tar.gz", "archive.tar~ferry.gz")]
    [InlineData(".hidden", ".hidden~ferry")]
    [InlineData("Readme", "Readme~ferry2")]
    public void A_renamed_entry_gets_a_name_every_system_holds_and_no_other_entry_has(string name, string renamed)
    {
        using var target = TargetFileSystem.For(_temp.Sub("target"));
        var taken = new HashSet<string>(["README~FERRY", "other"], StringComparer.OrdinalIgnoreCase);

        Assert.Equal(renamed, SafeNames.Make(name, target, taken));
        Assert.Contains(renamed, taken);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_renamed_with_its_bytes_in_hex()
    {
        using var target = TargetFileSystem.For(_temp.Sub("target"));

        Assert.Equal("caf%E9~ferry.txt", SafeNames.Make(EntryName.FromBytes([.. "caf"u8, 0xE9, .. ".txt"u8]), target, new HashSet<string>(StringComparer.OrdinalIgnoreCase)));
    }

    public void Dispose() => _temp.Dispose();

    private static TreeNode File(string name) => new() { Name = name, Type = NodeType.File, Content = [], Size = 0 };
}
