using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Platform.Exchange;

/// <summary>Where a journaled exchange writes its journal and parks the old tree: beside the restore target, on its file system.</summary>
internal sealed record ExchangeSpace(string Journal, string Parking);

/// <summary>
/// The journal of one exchange in progress: the three paths it moves between. It is on disk before
/// the first rename and removed after the last, so a journal found later means the process died
/// between them, and says which folders to look at.
/// </summary>
internal sealed record ExchangeJournal(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("staging")] string Staging,
    [property: JsonPropertyName("parked")] string Parked)
{
    /// <summary>A journal being written; one left behind was never complete, so no rename followed it.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes the journal whole and flushed to disk, then gives it its name: it is complete or absent.</summary>
    public void Write(string path)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, ExchangeJournalJson.Default.ExchangeJournal);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    /// <summary>The journal at <paramref name="path"/>, or null when it cannot be read.</summary>
    public static ExchangeJournal? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ExchangeJournalJson.Default.ExchangeJournal) is { Target.Length: > 0, Staging.Length: > 0, Parked.Length: > 0 } journal
                ? journal
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(ExchangeJournal))]
internal sealed partial class ExchangeJournalJson : JsonSerializerContext;
