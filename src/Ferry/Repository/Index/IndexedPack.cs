using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Repository.Index;

/// <summary>One pack as an index records it: its id, its size in bytes, and the blobs inside.</summary>
internal sealed record IndexedPack(ChunkId Id, long Size, IReadOnlyList<PackedBlob> Blobs);
