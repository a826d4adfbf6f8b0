using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Repository;
using Ferry.Storage;

namespace Ferry.Maintenance;

/// <summary>
/// The <c>maintenance</c> object: which device runs automatic maintenance, and what its last prune and
/// last verification did. Sealed like the config (context <c>ferry maintenance v1</c>) and rewritten
/// whole by the owner after each run; see docs/FORMAT.md, "Automatic maintenance".
/// </summary>
public sealed record MaintenanceRecord
{
    internal const string Key = "maintenance";

    private const int MaxSize = 64 * 1024;

    /// <summary>The record's layout version; a reader that does not know it ignores the record.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    /// <summary>The device (host name) that runs automatic maintenance; other devices leave it to it.</summary>
    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    /// <summary>When the owner last ran maintenance, whether or not it had anything to do.</summary>
    [JsonPropertyName("last_run")]
    public DateTimeOffset? LastRun { get; init; }

    /// <summary>The last prune that removed data, or null when none has yet.</summary>
    [JsonPropertyName("last_prune")]
    public PruneRun? LastPrune { get; init; }

    /// <summary>The last verification of a random share of the packs, or null when none has run yet.</summary>
    [JsonPropertyName("last_verify")]
    public VerifyRun? LastVerify { get; init; }

    /// <summary>The record, or null when no device has run maintenance yet (or it cannot be read: it is only a note).</summary>
    public static async Task<MaintenanceRecord?> LoadAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            var json = await repository.Objects.LoadNamedAsync(Key, MaxSize, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(json, MaintenanceJson.Default.MaintenanceRecord);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is CorruptDataException or JsonException)
        {
            // Damaged or from a newer Ferry: the next run writes a fresh one; nothing depends on it.
            return null;
        }
    }

    internal Task SaveAsync(FerryRepository repository, CancellationToken cancellationToken) =>
        repository.Objects.SaveNamedAsync(Key, JsonSerializer.SerializeToUtf8Bytes(this, MaintenanceJson.Default.MaintenanceRecord), cancellationToken);
}

/// <summary>A prune automatic maintenance ran.</summary>
public sealed record PruneRun
{
    /// <summary>When it ran.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    /// <summary>The device that ran it.</summary>
    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    /// <summary>Bytes it removed from the bucket.</summary>
    [JsonPropertyName("reclaimed")]
    public long Reclaimed { get; init; }

    /// <summary>Bytes of packs left after it.</summary>
    [JsonPropertyName("stored_after")]
    public long StoredAfter { get; init; }
}

/// <summary>A verification of a random share of the stored packs.</summary>
public sealed record VerifyRun
{
    /// <summary>When it ran.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    /// <summary>The device that ran it.</summary>
    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    /// <summary>Packs downloaded and verified.</summary>
    [JsonPropertyName("packs_read")]
    public int PacksRead { get; init; }

    /// <summary>Bytes downloaded.</summary>
    [JsonPropertyName("bytes_read")]
    public long BytesRead { get; init; }

    /// <summary>Damaged or missing objects found.</summary>
    [JsonPropertyName("problems")]
    public int Problems { get; init; }

    /// <summary>The first problem found, for the page and the log; null when all was well.</summary>
    [JsonPropertyName("first_problem")]
    public string? FirstProblem { get; init; }
}
