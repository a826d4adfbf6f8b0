using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Repository;

namespace Ferry.Cli.Rendering;

/// <summary>SPEC's <c>list --json</c> object: stable field names scripts can rely on.</summary>
internal sealed record SnapshotJson(
    string Id,
    string ShortId,
    DateTime Time,
    string Host,
    string Os,
    string User,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    long Files,
    long Bytes,
    long Added,
    string? Parent)
{
    public static SnapshotJson From(SnapshotEntry entry)
    {
        var s = entry.Snapshot;
        return new(entry.Id, entry.ShortId, s.Time.UtcDateTime, s.Host, s.Os, s.User, s.Paths, s.Tags, s.Summary.Files, s.Summary.Bytes, s.Summary.AddedBytes, s.Parent);
    }
}

/// <summary>The result of <c>backup --json</c>.</summary>
internal sealed record BackupJson(SnapshotJson Snapshot, long NewFiles, long ChangedFiles, long UnchangedFiles, long DurationMs, IReadOnlyList<ProblemJson> Problems);

internal sealed record ProblemJson(string Path, string Message);

/// <summary>One entry of <c>ls --json</c>.</summary>
internal sealed record EntryJson(string Path, string Type, long Size, string Mode, DateTime Mtime, string? Target);

/// <summary>The result of <c>restore --json</c>: <c>skipped</c> lists what this computer cannot hold (symbolic links where not allowed).</summary>
internal sealed record RestoreJson(string Snapshot, string Target, long Files, long Dirs, long Bytes, bool Applied, string? SafetySnapshot, IReadOnlyList<ProblemJson> Problems, IReadOnlyList<ProblemJson> Skipped);

/// <summary>One line of <c>diff --json</c>.</summary>
internal sealed record ChangeJson(string Kind, string Path, string Type, long? SizeBefore, long? SizeAfter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<SnapshotJson>))]
[JsonSerializable(typeof(BackupJson))]
[JsonSerializable(typeof(List<EntryJson>))]
[JsonSerializable(typeof(EntryJson))]
[JsonSerializable(typeof(RestoreJson))]
[JsonSerializable(typeof(List<ChangeJson>))]
internal sealed partial class CliJson : JsonSerializerContext
{
    private static readonly CliJson Compact = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);

    /// <summary>One value on one line, for output streamed element by element.</summary>
    public static string SerializeCompact(EntryJson value) => JsonSerializer.Serialize(value, Compact.EntryJson);
}
