using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>A pack's header and an index object: where every blob is, in bytes that other devices and later versions read.</summary>
public sealed class PackIndexVectorTests
{
    private static readonly PackedBlob[] Blobs =
    [
        new(BlobType.Data, VectorKeys.Repeated(0xA1), 0, 41, 12),
        new(BlobType.Tree, VectorKeys.Repeated(0xB2), 41, 77, 300),
    ];

    /// <summary>count (int32 LE) | per blob: type | id | offset | length | plaintext length (uint32 LE).</summary>
    private const string Header =
        "02000000"
        + "00" + "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1" + "00000000" + "29000000" + "0c000000"
        + "01" + "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2" + "29000000" + "4d000000" + "2c010000";

    /// <summary><see cref="Header"/> sealed under nonce c0..cb with associated data "ferry pack header v1".</summary>
    private const string SealedHeader = "c0c1c2c3c4c5c6c7c8c9cacb0248276777d937ff39785c03930d49f7edd2429e9d43be1b8b62eaab96dcde171d373606d3db4503c8645419f9c865898d646dc8607f12ab36979c62505589afbf9e398f5b74ce1ed027aaae46e5ad34f7f483afc60d688da32e9812b64cb0a7a48c661e1dee0b85c06964573130";

    private static readonly IndexedPack[] Packs =
    [
        new(VectorKeys.Repeated(0xC3), 123456, Blobs),
        new(VectorKeys.Repeated(0xD4), 99, []),
    ];

    /// <summary>version 1 | pack count (int32 LE) | per pack: id | size (int64 LE) | blob count (int32 LE) | entries as in a pack header.</summary>
    private const string Index =
        "01" + "02000000"
        + "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3" + "40e2010000000000" + "02000000"
        + "00" + "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1" + "00000000" + "29000000" + "0c000000"
        + "01" + "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2" + "29000000" + "4d000000" + "2c010000"
        + "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4" + "6300000000000000" + "00000000";

    /// <summary><see cref="Index"/> compressed (frame 1), sealed under nonce d0..db with "ferry index/ v1", and its object name.</summary>
    private const string SealedIndex = "d0d1d2d3d4d5d6d7d8d9dadb2d8f53419587466c595f3cbdf7d487e1cfc91d37419db8e71a8a4e9603332ec7dda52c0ca21e136821a4f898790f8469cca44ca6967fd23206ad3a8959fd5958bea413ef602004af56fa559263d46c20068b9d";
    private const string SealedIndexId = "8649aa9ce395aa11b78d311b84ab0b5a7e2739587b6e1356dd55449861474e50";

    [Fact]
    public void A_known_sealed_pack_header_opens_to_its_entries()
    {
        var blobs = PackHeader.Open(VectorKeys.Master, Convert.FromHexString(SealedHeader), headerOffset: 118, "vector");

        Assert.Equal(Blobs, blobs);
    }

    [Fact]
    public void A_pack_header_is_written_as_format_v1_lays_it_out_and_binds_it_to_its_kind()
    {
        var sealedHeader = PackHeader.Seal(VectorKeys.Master, Blobs);

        var plain = Aead.Open(VectorKeys.Encryption, sealedHeader, "header", "ferry pack header v1"u8);

        Assert.Equal(Header, Convert.ToHexStringLower(plain));
        Assert.Equal(Convert.FromHexString(SealedHeader).Length, sealedHeader.Length);
    }

    [Fact]
    public void A_known_index_decodes_to_its_packs_and_encodes_back_to_the_same_bytes()
    {
        var packs = IndexFile.Decode(Convert.FromHexString(Index), "vector");

        Assert.Equal(Packs.Select(p => (p.Id, p.Size)), packs.Select(p => (p.Id, p.Size)));
        Assert.Equal(Packs.Select(p => p.Blobs), packs.Select(p => p.Blobs));
        Assert.Equal(Index, Convert.ToHexStringLower(IndexFile.Encode(Packs)));
    }

    [Fact]
    public async Task A_known_sealed_index_object_loads_by_its_name()
    {
        var store = new MemoryObjectStore();
        await store.PutAsync(FerryRepository.IndexPrefix + SealedIndexId, Convert.FromHexString(SealedIndex), CancellationToken.None);

        var plain = await new SealedObjects(store, VectorKeys.Master).LoadAsync(FerryRepository.IndexPrefix, ChunkId.Parse(SealedIndexId), IndexFile.MaxPlainSize, CancellationToken.None);

        Assert.Equal(Index, Convert.ToHexStringLower(plain));
    }
}
