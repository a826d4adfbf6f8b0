using System.Runtime.Versioning;
using System.Text;
using Ferry.Platform;
using Ferry.Repository.Trees;
using Ferry.Testing;

namespace Ferry.Tests.Platform;

/// <summary>
/// Restored metadata: Unix modes where the OS has them, Windows' read-only, hidden and system
/// attributes as an optional field of the tree node that older snapshots simply do not have.
/// </summary>
public sealed class MetadataTests : IDisposable
{
    private static readonly DateTime Stamp = new DateTime(2019, 12, 31, 23, 59, 58, DateTimeKind.Utc).AddTicks(7);
    private readonly TempFolder _temp = new();

    public static TheoryData<string> Layers => new() { "native", "portable" };

    [Theory]
    [MemberData(nameof(Layers))]
    [UnsupportedOSPlatform("windows")]
    public void A_unix_node_gets_its_mode_and_time_back(string layer)
    {
        var file = NewFile("script.sh");

        OsPlatform.Choose(layer).ApplyMetadata(file, new TreeNode { Name = "script.sh", Type = NodeType.File, Mode = 0b111_101_000, MTimeNs = Nanos(Stamp) }, isDirectory: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(file));
        Assert.Equal(Stamp, File.GetLastWriteTimeUtc(file));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    [UnsupportedOSPlatform("windows")]
    public void A_read_only_file_from_Windows_stays_read_only_on_unix_and_other_attributes_change_nothing(string layer)
    {
        var platform = OsPlatform.Choose(layer);
        var readOnly = NewFile("read-only.txt");
        var hidden = NewFile("hidden.txt");
        var folder = _temp.Sub("read-only-folder");
        Directory.CreateDirectory(folder);
        var folderMode = File.GetUnixFileMode(folder);

        platform.ApplyMetadata(readOnly, WindowsNode("read-only.txt", NodeType.File, FileAttributes.ReadOnly | FileAttributes.Hidden), isDirectory: false);
        platform.ApplyMetadata(hidden, WindowsNode("hidden.txt", NodeType.File, FileAttributes.Hidden), isDirectory: false);
        platform.ApplyMetadata(folder, WindowsNode("read-only-folder", NodeType.Directory, FileAttributes.ReadOnly), isDirectory: true);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(readOnly));
        Assert.Equal(Stamp, File.GetLastWriteTimeUtc(readOnly));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(hidden));
        Assert.Equal(folderMode, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Attributes_are_absent_from_the_json_of_nodes_without_them_so_existing_trees_keep_their_ids()
    {
        var node = new TreeNode { Name = "a", Type = NodeType.File, Mode = 0b110_100_100, MTimeNs = 5, Size = 0, Content = [] };
        var json = Encoding.UTF8.GetString(new Tree { Nodes = [node] }.ToJson());

        Assert.Equal("""{"nodes":[{"name":"a","type":"File","mode":420,"mtime_ns":5,"size":0,"inode":0,"content":[]}]}""", json);
    }

    [Fact]
    public void Trees_written_before_attributes_existed_read_as_having_none_and_new_ones_round_trip()
    {
        var old = Tree.Parse("""{"nodes":[{"name":"a","type":"File","mode":420,"mtime_ns":5,"size":0,"inode":0,"content":[]}]}"""u8, "old tree");
        Assert.Null(old.Nodes[0].Attributes);

        var windows = new Tree { Nodes = [WindowsNode("b", NodeType.File, FileAttributes.ReadOnly | FileAttributes.Hidden)] };
        var json = windows.ToJson();
        Assert.Contains("\"attributes\":3", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(3, Tree.Parse(json, "new tree").Nodes[0].Attributes);
    }

    public void Dispose() => _temp.Dispose();

    private static long Nanos(DateTime time) => (time - DateTime.UnixEpoch).Ticks * 100;

    private static TreeNode WindowsNode(string name, NodeType type, FileAttributes attributes) => new()
    {
        Name = name,
        Type = type,
        Mode = 0,
        Attributes = (int)attributes,
        MTimeNs = Nanos(Stamp),
        Content = type == NodeType.File ? [] : null,
        Subtree = type == NodeType.Directory ? default(Ferry.Repository.Crypto.ChunkId) : null,
    };

    private string NewFile(string name)
    {
        var path = _temp.Sub(name);
        File.WriteAllText(path, name);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return path;
    }
}
