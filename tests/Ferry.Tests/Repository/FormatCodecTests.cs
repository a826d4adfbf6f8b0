using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Repository.Trees;

namespace Ferry.Tests.Repository;

public sealed class FormatCodecTests
{
    private readonly MasterKey _key = MasterKey.CreateRandom();

    [Fact]
    public void An_index_round_trips()
    {
        var packs = new List<IndexedPack>
        {
            new(_key.IdOf("p1"u8), 1000, [new PackedBlob(BlobType.Data, _key.IdOf("a"u8), 0, 100, 90), new PackedBlob(BlobType.Tree, _key.IdOf("b"u8), 100, 200, 300)]),
            new(_key.IdOf("p2"u8), 50, []),
        };

        var decoded = IndexFile.Decode(IndexFile.Encode(packs), "i");

        Assert.Equal(packs.Select(p => (p.Id, p.Size)), decoded.Select(p => (p.Id, p.Size)));
        Assert.Equal(packs[0].Blobs, decoded[0].Blobs);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 255, 255, 255, 127 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 9 })]
    public void A_malformed_index_is_refused_without_allocating_what_it_claims(byte[] plain)
    {
        Assert.Throws<CorruptDataException>(() => IndexFile.Decode(plain, "bad"));
    }

    [Fact]
    public void A_pack_header_round_trips_and_rejects_entries_past_its_data()
    {
        var blobs = new List<PackedBlob> { new(BlobType.Data, _key.IdOf("x"u8), 0, 100, 60) };
        var header = PackHeader.Seal(_key, blobs);

        Assert.Equal(blobs, PackHeader.Open(_key, header, 100, "p"));
        Assert.Throws<CorruptDataException>(() => PackHeader.Open(_key, header, 50, "p"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("nul\0byte")]
    public void A_tree_with_an_unsafe_name_is_refused(string name)
    {
        var json = new Tree { Nodes = [new TreeNode { Name = name, Type = NodeType.File, Content = [] }] }.ToJson();

        Assert.Throws<CorruptDataException>(() => Tree.Parse(json, "tree"));
    }

    [Fact]
    public void A_tree_naming_one_entry_twice_is_refused()
    {
        var json = new Tree
        {
            Nodes =
            [
                new TreeNode { Name = "a", Type = NodeType.Symlink, Target = "/etc" },
                new TreeNode { Name = "a", Type = NodeType.Directory, Subtree = _key.IdOf("t"u8) },
            ],
        }.ToJson();

        Assert.Throws<CorruptDataException>(() => Tree.Parse(json, "tree"));
    }
}
