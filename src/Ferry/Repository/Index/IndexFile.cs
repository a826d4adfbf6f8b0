using System.Buffers.Binary;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Repository.Index;

/// <summary>
/// <c>index/&lt;id&gt;</c>: which blobs are in which packs, for a batch of packs. Binary, compressed and
/// encrypted (see docs/FORMAT.md). A backup writes one every few packs, so an interrupted backup
/// leaves its finished packs indexed and the next run skips them.
/// </summary>
internal static class IndexFile
{
    private const byte Version = 1;

    /// <summary>An index never legitimately decompresses to more than this.</summary>
    public const int MaxPlainSize = 512 * 1024 * 1024;

    public static byte[] Encode(IReadOnlyCollection<IndexedPack> packs)
    {
        var size = 1 + 4 + packs.Sum(p => ChunkId.Size + 8 + 4 + (p.Blobs.Count * PackHeader.EntrySize));
        var plain = new byte[size];
        plain[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(1), packs.Count);
        var span = plain.AsSpan(5);
        foreach (var pack in packs)
        {
            pack.Id.WriteTo(span);
            BinaryPrimitives.WriteInt64LittleEndian(span[32..], pack.Size);
            BinaryPrimitives.WriteInt32LittleEndian(span[40..], pack.Blobs.Count);
            span = span[44..];
            foreach (var blob in pack.Blobs)
            {
                span[0] = (byte)blob.Type;
                blob.Id.WriteTo(span[1..]);
                BinaryPrimitives.WriteUInt32LittleEndian(span[33..], blob.Offset);
                BinaryPrimitives.WriteUInt32LittleEndian(span[37..], blob.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(span[41..], blob.RawLength);
                span = span[PackHeader.EntrySize..];
            }
        }

        return plain;
    }

    public static List<IndexedPack> Decode(ReadOnlySpan<byte> plain, string name)
    {
        if (plain.Length < 5 || plain[0] != Version)
        {
            throw new CorruptDataException($"index {name} has an unknown version or is truncated");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(plain[1..]);
        var span = plain[5..];
        var packs = new List<IndexedPack>(Math.Clamp(count, 0, 100_000));
        for (var i = 0; i < count; i++)
        {
            if (span.Length < 44)
            {
                throw new CorruptDataException($"index {name} is truncated");
            }

            var id = new ChunkId(span[..32]);
            var packSize = BinaryPrimitives.ReadInt64LittleEndian(span[32..]);
            var blobCount = BinaryPrimitives.ReadInt32LittleEndian(span[40..]);
            span = span[44..];
            if (blobCount < 0 || blobCount > PackHeader.MaxEntries || span.Length < (long)blobCount * PackHeader.EntrySize || packSize < 0)
            {
                throw new CorruptDataException($"index {name} is malformed");
            }

            var blobs = new PackedBlob[blobCount];
            for (var b = 0; b < blobCount; b++, span = span[PackHeader.EntrySize..])
            {
                blobs[b] = new PackedBlob(
                    (BlobType)span[0],
                    new ChunkId(span.Slice(1, ChunkId.Size)),
                    BinaryPrimitives.ReadUInt32LittleEndian(span[33..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(span[37..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(span[41..]));
                if (blobs[b].Type is not (BlobType.Data or BlobType.Tree) || blobs[b].Offset + (long)blobs[b].Length > packSize)
                {
                    throw new CorruptDataException($"index {name} has an impossible entry");
                }
            }

            packs.Add(new IndexedPack(id, packSize, blobs));
        }

        if (!span.IsEmpty)
        {
            throw new CorruptDataException($"index {name} has trailing bytes");
        }

        return packs;
    }
}
