using System.Text.Json.Serialization;
using Ferry.Names;
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
    private string? _name;
    private string? _storedName;
    private byte[]? _nameRaw;
    private string? _target;
    private string? _storedTarget;
    private byte[]? _targetRaw;

    /// <summary>
    /// The entry's name: its exact bytes as <see cref="EntryName"/> holds them. Stored as <c>name</c>
    /// (text) and, for a name that is not UTF-8 or holds a backslash, <c>name_raw</c> (the bytes).
    /// </summary>
    [JsonIgnore]
    public string Name
    {
        get => _name ??= _nameRaw is { } raw ? EntryName.FromBytes(raw) : _storedName ?? "";
        init => _name = value;
    }

    /// <summary>The stored <c>name</c>: the name itself, or for one kept as bytes a text close to it (for readers that predate <c>name_raw</c>).</summary>
    [JsonPropertyName("name")]
    [JsonInclude]
    internal string StoredName
    {
        get => StoredText(_name, _storedName, EntryName.NeedsRaw) ?? "";
        init => _storedName = value;
    }

    /// <summary>The stored <c>name_raw</c>: the name's bytes when <c>name</c> cannot carry them.</summary>
    [JsonPropertyName("name_raw")]
    [JsonInclude]
    internal byte[]? NameRaw
    {
        get => StoredBytes(_name, _nameRaw, EntryName.NeedsRaw);
        init => _nameRaw = value;
    }

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

    /// <summary>
    /// The Windows attributes kept with the entry (1 read-only, 2 hidden, 4 system: Windows' own
    /// values); null, and absent from the JSON, when it has none of them or comes from another OS.
    /// </summary>
    [JsonPropertyName("attributes")]
    public int? Attributes { get; init; }

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

    /// <summary>
    /// A symlink's target, stored as the link says, never followed. Bytes that are not UTF-8 are kept
    /// as <see cref="EntryName"/> keeps them: <c>target</c> then holds a text close to it, <c>target_raw</c> the bytes.
    /// </summary>
    [JsonIgnore]
    public string? Target
    {
        get => _target ??= _targetRaw is { } raw ? EntryName.FromBytes(raw) : _storedTarget;
        init => _target = value;
    }

    [JsonPropertyName("target")]
    [JsonInclude]
    internal string? StoredTarget
    {
        get => StoredText(_target, _storedTarget, EntryName.HasEscapes);
        init => _storedTarget = value;
    }

    [JsonPropertyName("target_raw")]
    [JsonInclude]
    internal byte[]? TargetRaw
    {
        get => StoredBytes(_target, _targetRaw, EntryName.HasEscapes);
        init => _targetRaw = value;
    }

    /// <summary>The text stored for a value: itself, or when it is kept as bytes a text close to it; as read when the node came from storage.</summary>
    private static string? StoredText(string? value, string? read, Func<string, bool> keptAsBytes) =>
        value is null ? read : keptAsBytes(value) ? EntryName.StoredText(value) : value;

    /// <summary>The bytes stored for a value that text cannot carry, else null; as read when the node came from storage.</summary>
    private static byte[]? StoredBytes(string? value, byte[]? read, Func<string, bool> keptAsBytes) =>
        value is null ? read : keptAsBytes(value) ? EntryName.ToBytes(value) : null;

    /// <summary>The same entry under another name (a restored name mapped back to the snapshot's).</summary>
    internal TreeNode WithName(string name) => Copy(name, Mode);

    /// <summary>The same entry with other permission bits (what a restore may set of them).</summary>
    internal TreeNode WithMode(int mode) => Copy(Name, mode);

    private TreeNode Copy(string name, int mode) => new()
    {
        Name = name,
        Type = Type,
        Mode = mode,
        Attributes = Attributes,
        MTimeNs = MTimeNs,
        Size = Size,
        Inode = Inode,
        Content = Content,
        Subtree = Subtree,
        Target = Target,
    };
}
