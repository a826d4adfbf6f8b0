using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Names;

/// <summary>
/// <c>.ferry-renames.json</c>: what a restore with <c>--rename-unsafe</c> leaves at the top of the folder it
/// restored: each entry it had to write under another name, and the snapshot's name for it. A backup
/// that meets this file (in the backed-up folder or any folder below) stores those entries under their
/// snapshot names again and does not store the file itself, so a trip through a computer that cannot
/// hold a name loses no name and doubles no file.
/// </summary>
public static class RenameManifest
{
    /// <summary>The list's name, at the top of a restored tree.</summary>
    public const string FileName = ".ferry-renames.json";

    /// <summary>Far above any real list; a larger file is not one Ferry wrote.</summary>
    private const long MaxSize = 64L * 1024 * 1024;

    private const string Note = "Ferry restored these entries under other names because this file system cannot hold the originals. A Ferry backup of this folder stores them under their original names again. Keep this file while the renamed entries are here.";

    /// <summary>The file's bytes for these renames (paths '/'-separated, relative to the folder holding the file).</summary>
    public static byte[] Write(IEnumerable<NameRename> renames)
    {
        ArgumentNullException.ThrowIfNull(renames);
        var entries = renames.Select(r => new RenameEntry(Text(r.RestoredAs), NameText.RawBase64(r.RestoredAs), Text(LastSegment(r.Path)), NameText.RawBase64(LastSegment(r.Path)))).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new ManifestFile(1, Note, entries), NamesJson.Readable.ManifestFile);
    }

    /// <summary>The renames the open manifest file lists, as a tree of folders; null when the file is not a manifest Ferry can read (it is then an ordinary file).</summary>
    internal static RenameScope? TryRead(SafeFileHandle handle)
    {
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length > MaxSize)
            {
                return null;
            }

            var bytes = new byte[length];
            var read = RandomAccess.Read(handle, bytes, 0);
            var file = JsonSerializer.Deserialize(bytes.AsSpan(0, read), NamesJson.Default.ManifestFile);
            return file is { Version: 1, Renames: { } entries } ? RenameScope.From(entries) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A path or name as the file holds it: its bytes when given, else its text.</summary>
    internal static string Decode(string text, string? raw) => raw is null ? text : EntryName.FromBytes(Convert.FromBase64String(raw));

    /// <summary>The text beside the bytes of a name that is not UTF-8 only helps people: <c>caf%E9.txt</c>.</summary>
    private static string Text(string path) => EntryName.HasEscapes(path) ? EntryName.StoredText(path) : path;

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}

/// <summary>One entry a restore wrote under another name: its path in the snapshot, and where it went (both relative to the restore target).</summary>
public sealed record NameRename(string Path, string RestoredAs);

/// <summary>The renames that apply inside one folder of a backup: the snapshot's name for each entry written under another, and the same for its sub-folders.</summary>
internal sealed class RenameScope
{
    private readonly Dictionary<string, string> _originals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RenameScope> _folders = new(StringComparer.Ordinal);

    /// <summary>The snapshot's name for an entry of this folder, or null when it was not renamed.</summary>
    public string? OriginalOf(string name) => _originals.GetValueOrDefault(name);

    public RenameScope? Folder(string name) => _folders.GetValueOrDefault(name);

    /// <summary>Each renamed entry of this folder: the name it has on disk, and its snapshot name.</summary>
    public IEnumerable<(string Disk, string Original)> Renamed => _originals.Select(r => (r.Key, r.Value));

    internal static RenameScope From(IEnumerable<RenameEntry> entries)
    {
        var root = new RenameScope();
        foreach (var entry in entries)
        {
            string path, original;
            try
            {
                path = RenameManifest.Decode(entry.Path, entry.PathRaw);
                original = RenameManifest.Decode(entry.Original, entry.OriginalRaw);
            }
            catch (FormatException)
            {
                continue;
            }

            var segments = path.Split('/');
            if (!EntryName.IsValid(original) || !segments.All(EntryName.IsValid))
            {
                continue;
            }

            var scope = root;
            foreach (var segment in segments[..^1])
            {
                if (!scope._folders.TryGetValue(segment, out var next))
                {
                    scope._folders[segment] = next = new RenameScope();
                }

                scope = next;
            }

            scope._originals[segments[^1]] = original;
        }

        return root;
    }
}

internal sealed record RenameEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("path_raw")] string? PathRaw,
    [property: JsonPropertyName("original")] string Original,
    [property: JsonPropertyName("original_raw")] string? OriginalRaw);

internal sealed record ManifestFile(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("renames")] IReadOnlyList<RenameEntry>? Renames);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestFile))]
internal sealed partial class NamesJson : JsonSerializerContext
{
    /// <summary>The file is read by people too: names as they are, not \u-escaped (it is a local file, never HTML).</summary>
    public static NamesJson Readable { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
