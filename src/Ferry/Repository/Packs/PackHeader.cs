using System.Buffers.Binary;
using Ferry.Repository.Crypto;

namespace Ferry.Repository.Packs;

/// <summary>
/// The table of contents at the end of a pack: one 45-byte entry per blob (type, id, offset, length,
/// plaintext length), encrypted. It makes every pack self-describing, so a lost index can be rebuilt
/// and packs uploaded by an interrupted backup are found and reused.
/// </summary>
internal static class PackHeader
{
    public const int EntrySize = 1 + ChunkId.Size + 4 + 4 + 4;
    public const int TrailerSize = 4;

    /// <summary>No real pack has more entries; a header that claims more is corrupt, not a reason to allocate.</summary>
    public const int MaxEntries = 1 << 20;

    /// <summary>Headers larger than this are corrupt, not a reason to allocate.</summary>
    public const int MaxHeaderSize = 64 * 1024 * 1024;

    private static readonly byte[] Context = "ferry pack header v1"u8.ToArray();

    /// <summary>Where the sealed header sits in a pack of <paramref name="packSize"/> bytes, from the pack's last four bytes.</summary>
    public static (long Offset, int Length) Locate(long packSize, ReadOnlySpan<byte> trailer, string packName)
    {
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        var headerOffset = packSize - TrailerSize - headerLength;
        if (headerLength <= 0 || headerLength > MaxHeaderSize || headerOffset < 0)
        {
            throw new CorruptDataException($"pack {packName} has an impossible header length {headerLength}");
        }

        return (headerOffset, headerLength);
    }

    /// <summary>Opens the header of a whole pack held in memory.</summary>
    public static List<PackedBlob> OpenWhole(MasterKey key, ReadOnlySpan<byte> pack, string packName)
    {
        if (pack.Length < TrailerSize)
        {
            throw new CorruptDataException($"pack {packName} is too short ({pack.Length} bytes)");
        }

        var (offset, length) = Locate(pack.Length, pack[^TrailerSize..], packName);
        return Open(key, pack.Slice((int)offset, length), offset, packName);
    }

    /// <summary>The sealed header's size for <paramref name="entries"/> blobs.</summary>
    public static long SealedSize(int entries) => Aead.SealedLength(4 + (entries * EntrySize));

    public static byte[] Seal(MasterKey key, IReadOnlyList<PackedBlob> blobs)
    {
        var plain = new byte[4 + (blobs.Count * EntrySize)];
        BinaryPrimitives.WriteInt32LittleEndian(plain, blobs.Count);
        var span = plain.AsSpan(4);
        foreach (var blob in blobs)
        {
            span[0] = (byte)blob.Type;
            blob.Id.WriteTo(span[1..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[33..], blob.Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[37..], blob.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[41..], blob.RawLength);
            span = span[EntrySize..];
        }

        return Aead.Seal(key.EncryptionKey, plain, Context);
    }

    /// <summary>Reads and checks a sealed header; <paramref name="headerOffset"/> is where it starts in the pack.</summary>
    public static List<PackedBlob> Open(MasterKey key, ReadOnlySpan<byte> sealedHeader, long headerOffset, string packName)
    {
        var plain = Aead.Open(key.EncryptionKey, sealedHeader, $"header of pack {packName}", Context);
        var count = plain.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(plain) : -1;
        if (count < 0 || count > MaxEntries || plain.Length != 4 + ((long)count * EntrySize))
        {
            throw new CorruptDataException($"header of pack {packName} is malformed");
        }

        var blobs = new List<PackedBlob>(count);
        var span = plain.AsSpan(4);
        for (var i = 0; i < count; i++, span = span[EntrySize..])
        {
            var blob = new PackedBlob(
                (BlobType)span[0],
                new ChunkId(span.Slice(1, ChunkId.Size)),
                BinaryPrimitives.ReadUInt32LittleEndian(span[33..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[37..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[41..]));
            if (blob.Type is not (BlobType.Data or BlobType.Tree) || (long)blob.Offset + blob.Length > headerOffset || blob.Length < Aead.Overhead)
            {
                throw new CorruptDataException($"header of pack {packName} has an impossible entry");
            }

            blobs.Add(blob);
        }

        return blobs;
    }
}
