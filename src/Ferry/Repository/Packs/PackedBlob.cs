using Ferry.Repository.Crypto;

namespace Ferry.Repository.Packs;

/// <summary>What a blob holds: file content, or a directory listing (a tree).</summary>
public enum BlobType : byte
{
    /// <summary>File content.</summary>
    Data = 0,
    /// <summary>A directory listing.</summary>
    Tree = 1,
}

/// <summary>Where one encrypted blob sits inside a pack, and how long its plaintext is.</summary>
internal readonly record struct PackedBlob(BlobType Type, ChunkId Id, uint Offset, uint Length, uint RawLength);
