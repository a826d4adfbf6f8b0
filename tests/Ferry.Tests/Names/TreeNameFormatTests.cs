using System.Text;
using System.Text.Json;
using Ferry.Names;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Trees;

namespace Ferry.Tests.Names;

/// <summary>How a tree stores names (docs/FORMAT.md, "Names"): compatible both ways with format version 1 as Ferry 0.1 wrote and read it.</summary>
public sealed class TreeNameFormatTests
{
    private static readonly ChunkId Id = MasterKey.CreateRandom().IdOf("x"u8);

    [Fact]
    public void A_tree_of_ordinary_names_is_the_same_JSON_as_before_so_its_id_and_deduplication_are_unchanged()
    {
        var tree = new Tree { Nodes = [new TreeNode { Name = "a b.txt", Type = NodeType.File, Mode = 420, MTimeNs = 5, Size = 0, Content = [] }, new TreeNode { Name = "link", Type = NodeType.Symlink, Target = "a b.txt" }] };

        Assert.Equal(
            """{"nodes":[{"name":"a b.txt","type":"File","mode":420,"mtime_ns":5,"size":0,"inode":0,"content":[]},{"name":"link","type":"Symlink","mode":0,"mtime_ns":0,"size":0,"inode":0,"target":"a b.txt"}]}""",
            Encoding.UTF8.GetString(tree.ToJson()));
    }

    [Fact]
    public void A_tree_written_before_names_had_bytes_reads_unchanged()
    {
        var json = """{"nodes":[{"name":"caf\u00e9.txt","type":"File","mode":420,"mtime_ns":5,"size":0,"inode":7,"content":[]}]}"""u8;

        var node = Assert.Single(Tree.Parse(json, "tree").Nodes);

        Assert.Equal("caf\u00E9.txt", node.Name);
        Assert.Equal(7ul, node.Inode);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_or_holds_a_backslash_is_stored_as_bytes_beside_a_text_older_readers_accept()
    {
        var latin1 = EntryName.FromBytes([.. "caf"u8, 0xE9, .. ".txt"u8]);
        var tree = new Tree
        {
            Nodes =
            [
                new TreeNode { Name = "back\\slash", Type = NodeType.File, Content = [] },
                new TreeNode { Name = latin1, Type = NodeType.File, Content = [] },
                new TreeNode { Name = "link", Type = NodeType.Symlink, Target = EntryName.FromBytes([.. "../"u8, 0xFF]) },
            ],
        };

        var json = tree.ToJson();
        var read = Tree.Parse(json, "tree");

        Assert.Equal(tree.Nodes.Select(n => n.Name), read.Nodes.Select(n => n.Name));
        Assert.Equal(tree.Nodes[2].Target, read.Nodes[2].Target);
        var stored = JsonDocument.Parse(json).RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("back%5Cslash", stored[0].GetProperty("name").GetString());
        Assert.Equal("back\\slash"u8.ToArray(), stored[0].GetProperty("name_raw").GetBytesFromBase64());
        Assert.Equal("caf%E9.txt", stored[1].GetProperty("name").GetString());
        Assert.Equal([.. "caf"u8, 0xE9, .. ".txt"u8], stored[1].GetProperty("name_raw").GetBytesFromBase64());
        Assert.Equal([.. "../"u8, 0xFF], stored[2].GetProperty("target_raw").GetBytesFromBase64());
        // Ferry 0.1 accepted a tree whose names were non-empty, not . or .., free of / \ and NUL, and unique:
        // it restores these entries under their text instead of refusing the folder.
        var names = stored.Select(n => n.GetProperty("name").GetString()!).ToList();
        Assert.All(names, n => Assert.True(n.Length > 0 && n is not ("." or "..") && n.IndexOfAny(['/', '\\', '\0']) < 0));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("YS9i")] // "a/b"
    [InlineData("Lg==")] // "."
    [InlineData("")] // empty
    [InlineData("YQBi")] // "a\0b"
    public void Bytes_that_are_no_single_name_are_refused(string raw)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"nodes":[{"name":"x","name_raw":"{{raw}}","type":"File","content":[]}]}""");

        Assert.Throws<CorruptDataException>(() => Tree.Parse(json, "tree"));
    }

    [Fact]
    public void A_name_given_once_as_text_and_once_as_bytes_is_a_name_given_twice()
    {
        var json = """{"nodes":[{"name":"a","type":"File","content":[]},{"name":"other","name_raw":"YQ==","type":"Directory","subtree":"SUBTREE"}]}""".Replace("SUBTREE", Id.ToString(), StringComparison.Ordinal);

        var e = Assert.Throws<CorruptDataException>(() => Tree.Parse(Encoding.UTF8.GetBytes(json), "tree"));

        Assert.Contains("twice", e.Message);
    }
}
