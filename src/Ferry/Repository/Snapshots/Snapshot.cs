using System.Text.Json.Serialization;
using Ferry.Repository.Crypto;

namespace Ferry.Repository.Snapshots;

/// <summary>
/// <c>snapshots/&lt;id&gt;</c>: one backup of one or more paths from one device. Written last, after
/// everything it references is stored, so a visible snapshot is always complete.
/// </summary>
public sealed class Snapshot
{
    /// <summary>The snapshot format's version.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    /// <summary>When the backup started, with the device's UTC offset.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    /// <summary>The device's name (host name unless <c>--host</c> said otherwise).</summary>
    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    /// <summary>The device type: linux, macos or windows.</summary>
    [JsonPropertyName("os")]
    public string Os { get; init; } = "";

    /// <summary>The user who ran the backup on the device.</summary>
    [JsonPropertyName("user")]
    public string User { get; init; } = "";

    /// <summary>The absolute source paths, as given on the device that made the backup.</summary>
    [JsonPropertyName("paths")]
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Labels given with <c>--tag</c>; safety snapshots carry <c>pre-restore</c>.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The root tree: one entry per source path, named by its last segment.</summary>
    [JsonPropertyName("tree")]
    public ChunkId Tree { get; init; }

    /// <summary>The snapshot this one was compared against to skip unchanged files.</summary>
    [JsonPropertyName("parent")]
    public string? Parent { get; init; }

    /// <summary>The version of Ferry that made the snapshot.</summary>
    [JsonPropertyName("ferry_version")]
    public string FerryVersion { get; init; } = "";

    /// <summary>What the backup found and stored.</summary>
    [JsonPropertyName("summary")]
    public SnapshotSummary Summary { get; init; } = new();
}

/// <summary>Counts recorded when the snapshot was made.</summary>
public sealed class SnapshotSummary
{
    /// <summary>Files in the snapshot.</summary>
    [JsonPropertyName("files")]
    public long Files { get; init; }

    /// <summary>Folders in the snapshot.</summary>
    [JsonPropertyName("dirs")]
    public long Dirs { get; init; }

    /// <summary>Bytes of file content the snapshot holds.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>Bytes this backup stored that the repository did not hold yet (after compression and encryption).</summary>
    [JsonPropertyName("added_bytes")]
    public long AddedBytes { get; init; }

    /// <summary>Files the parent snapshot did not have.</summary>
    [JsonPropertyName("files_new")]
    public long NewFiles { get; init; }

    /// <summary>Files that differ from the parent snapshot's.</summary>
    [JsonPropertyName("files_changed")]
    public long ChangedFiles { get; init; }

    /// <summary>Files taken over from the parent snapshot without being read again.</summary>
    [JsonPropertyName("files_unchanged")]
    public long UnchangedFiles { get; init; }

    /// <summary>How long the backup took, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }
}
