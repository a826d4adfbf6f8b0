using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Names;
using Ferry.Repository;
using Ferry.Restore.Names;

namespace Ferry.Cli.Rendering;

/// <summary>The <c>list --json</c> object: stable field names scripts can rely on.</summary>
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

/// <summary>
/// Paths in JSON: <c>path</c> is the path as text (its quoted form when it is not valid UTF-8, which
/// <c>--include</c> takes back), and <c>path_raw</c>, only then, its exact bytes in base64.
/// </summary>
internal sealed record ProblemJson(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathRaw,
    string Message)
{
    public static ProblemJson From(Backup.FileProblem problem) => new(NameText.JsonText(problem.Path), NameText.RawBase64(problem.Path), problem.Message);
}

/// <summary>One entry of <c>ls --json</c>.</summary>
internal sealed record EntryJson(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathRaw,
    string Type,
    long Size,
    string Mode,
    DateTime Mtime,
    string? Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TargetRaw);

/// <summary>The result of <c>restore --json</c>: <c>skipped</c> lists what this computer cannot hold (symbolic links where not allowed).</summary>
internal sealed record RestoreJson(string Snapshot, string Target, long Files, long Dirs, long Bytes, bool Applied, string? SafetySnapshot, IReadOnlyList<ProblemJson> Problems, IReadOnlyList<RenameJson> Renames, IReadOnlyList<ProblemJson> Skipped);

/// <summary>An entry restored under another name: its path in the snapshot, and the path it got in the target.</summary>
internal sealed record RenameJson(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathRaw,
    string RestoredAs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RestoredAsRaw)
{
    public static RenameJson From(NameRename rename) => new(
        NameText.JsonText(rename.Path), NameText.RawBase64(rename.Path), NameText.JsonText(rename.RestoredAs), NameText.RawBase64(rename.RestoredAs));
}

/// <summary><c>restore --json</c> when the target cannot hold some names: nothing was written.</summary>
internal sealed record RefusedRestoreJson(string Error, bool Renamable, IReadOnlyList<ConflictJson> Conflicts);

internal sealed record ConflictJson(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathRaw,
    string Reason,
    bool Renamable)
{
    public static ConflictJson From(NameConflict conflict) => new(NameText.JsonText(conflict.Path), NameText.RawBase64(conflict.Path), conflict.Reason, conflict.Renamable);
}

/// <summary>One line of <c>diff --json</c>.</summary>
internal sealed record ChangeJson(
    string Kind,
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathRaw,
    string Type,
    long? SizeBefore,
    long? SizeAfter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<SnapshotJson>))]
[JsonSerializable(typeof(BackupJson))]
[JsonSerializable(typeof(List<EntryJson>))]
[JsonSerializable(typeof(EntryJson))]
[JsonSerializable(typeof(RestoreJson))]
[JsonSerializable(typeof(RefusedRestoreJson))]
[JsonSerializable(typeof(List<ChangeJson>))]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(DeleteJson))]
internal sealed partial class CliJson : JsonSerializerContext
{
    private static readonly CliJson Compact = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);

    /// <summary>One value on one line, for output streamed element by element.</summary>
    public static string SerializeCompact(EntryJson value) => JsonSerializer.Serialize(value, Compact.EntryJson);
}
