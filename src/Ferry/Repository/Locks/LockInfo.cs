using System.Text.Json.Serialization;

namespace Ferry.Repository.Locks;

/// <summary>Who may run beside whom: many shared holders (backup, restore, check), or one exclusive holder (prune).</summary>
public enum LockKind
{
    /// <summary>Many may hold it at once: backup, restore, check.</summary>
    Shared,
    /// <summary>One holder and no shared ones: prune.</summary>
    Exclusive,
}

/// <summary><c>locks/&lt;id&gt;</c>: one process working on the repository. Encrypted like everything else.</summary>
internal sealed class LockInfo
{
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(JsonStringEnumConverter<LockKind>))]
    public LockKind Kind { get; init; }

    [JsonPropertyName("operation")]
    public string Operation { get; init; } = "";

    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    [JsonPropertyName("pid")]
    public int ProcessId { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    /// <summary>Rewritten every few minutes while the holder works; a lock not refreshed for long is stale.</summary>
    [JsonPropertyName("refreshed")]
    public DateTimeOffset Refreshed { get; init; }

    public string Describe() => $"{Operation} on {Host} (pid {ProcessId}, since {Created.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
}
