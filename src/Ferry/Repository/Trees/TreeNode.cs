using System.Text.Json.Serialization;
using Ferry.Repository.Crypto;

namespace Ferry.Repository.Trees;

/// <summary>The kinds of entries a snapshot holds.</summary>
public enum NodeType
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A folder.</summary>
    Directory,
    /// <summary>A symbolic link (its target is stored, not followed).</summary>
    Symlink,
}

/// <summary>One entry of a directory as stored in a tree blob.</summary>
public sealed class TreeNode
{
    /// <summary>The entry's name within its folder.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>File, folder or symbolic link.</summary>
    [JsonPropertyName("type")]
    [JsonConverter(typeof(JsonStringEnumConverter<NodeType>))]
    public required NodeType Type { get; init; }

    /// <summary>Unix permission bits (including setuid, setgid and sticky), 0 when the platform has none.</summary>
    [JsonPropertyName("mode")]
    public int Mode { get; init; }

    /// <summary>Modification time in nanoseconds since the Unix epoch.</summary>
    [JsonPropertyName("mtime_ns")]
    public long MTimeNs { get; init; }

    /// <summary>A file's length in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>Inode (Unix) or file id; with size and mtime it tells an unchanged file without reading it.</summary>
    [JsonPropertyName("inode")]
    public ulong Inode { get; init; }

    /// <summary>A file's chunks, in order.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ChunkId>? Content { get; init; }

    /// <summary>A directory's own tree.</summary>
    [JsonPropertyName("subtree")]
    public ChunkId? Subtree { get; init; }

    /// <summary>A symlink's target, stored as the link says, never followed.</summary>
    [JsonPropertyName("target")]
    public string? Target { get; init; }
}
