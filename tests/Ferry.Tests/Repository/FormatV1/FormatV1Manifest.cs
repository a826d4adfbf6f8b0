using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// <c>manifest.json</c> beside the format v1 fixture: what its repository holds, as recorded when it
/// was made. The entries describe the source folders as they were on disk (not what Ferry read), so
/// a restore is compared with the files themselves. Its own types, not the engine's: a change to the
/// engine's classes must not change how this file is read.
/// </summary>
internal sealed record FormatV1Manifest(
    string RepositoryId,
    int Packs,
    int DataPacks,
    int TreePacks,
    int IndexObjects,
    LockRecord Lock,
    IReadOnlyList<SnapshotRecord> Snapshots)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Names such as "日记 über Ferry.md" stay readable in the committed file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public SnapshotRecord Snapshot(string id) => Snapshots.Single(s => s.Id == id);

    public static FormatV1Manifest Read(string path) =>
        JsonSerializer.Deserialize<FormatV1Manifest>(File.ReadAllBytes(path), Options)
            ?? throw new InvalidDataException($"{path} is empty");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");
}

/// <summary>The lock object left in the fixture, as it was written.</summary>
internal sealed record LockRecord(string Key, string Kind, string Operation, string Host, int Pid, DateTimeOffset Created, DateTimeOffset Refreshed);

/// <summary>One snapshot as recorded, and the entries its restore must produce.</summary>
internal sealed record SnapshotRecord(
    string Id,
    DateTimeOffset Time,
    string Host,
    string Os,
    string User,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    string? Parent,
    SummaryRecord Summary,
    IReadOnlyList<EntryRecord> Entries)
{
    [JsonIgnore]
    public string ShortId => Id[..8];

    /// <summary>Everything but the entries, on one line: what a listing must show.</summary>
    public string Describe() =>
        $"{Id} {Time:O} host={Host} os={Os} user={User} paths=[{string.Join(", ", Paths)}] tags=[{string.Join(", ", Tags)}] parent={Parent} {Summary}";
}

/// <summary>The counts a snapshot recorded when it was made.</summary>
internal sealed record SummaryRecord(long Files, long Dirs, long Bytes, long AddedBytes, long FilesNew, long FilesChanged, long FilesUnchanged, long DurationMs);

/// <summary>
/// One entry by the path it gets when restored: type "dir", "file" or "symlink"; mode as four octal
/// digits; mtime in nanoseconds since 1970 (UTC); a file's size, SHA-256 and number of chunks
/// stored; a symlink's target. Symlinks carry no mode or mtime: restores do not set them.
/// </summary>
internal sealed record EntryRecord(string Path, string Type, string? Mode, long? MtimeNs, long? Size, string? Sha256, int? Chunks, string? Target)
{
    /// <summary>What a folder on disk holds, described like the manifest (without chunk counts, which only the repository knows).</summary>
    public static List<EntryRecord> Describe(string root)
    {
        var entries = new List<EntryRecord>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            var path = System.IO.Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            entries.Add(entry switch
            {
                { LinkTarget: { } target } => new EntryRecord(path, "symlink", null, null, null, null, null, target),
                DirectoryInfo dir => new EntryRecord(path, "dir", ModeOf(dir), MtimeNsOf(dir), null, null, null, null),
                _ => new EntryRecord(path, "file", ModeOf(entry), MtimeNsOf(entry), ((FileInfo)entry).Length, Sha256Of(entry.FullName), null, null),
            });
        }

        return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    private static string ModeOf(FileSystemInfo entry) => Convert.ToString((int)entry.UnixFileMode, 8).PadLeft(4, '0');

    private static long MtimeNsOf(FileSystemInfo entry) => (entry.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
