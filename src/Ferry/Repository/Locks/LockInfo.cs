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

/// <summary>
/// <c>locks/&lt;id&gt;</c>: one process working on the repository. Encrypted like everything else.
/// Whether a lock is stale is judged by the server's time of its last write, never by the times in
/// here: those are the holder's clock, shown to people only.
/// </summary>
internal sealed class LockInfo
{
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(JsonStringEnumConverter<LockKind>))]
    public LockKind Kind { get; init; }

    [JsonPropertyName("operation")]
    public string Operation { get; init; } = "";

    /// <summary>The computer and the run, e.g. <c>laptop#1a2b3c4d</c>: two computers of one name are never taken for one.</summary>
    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    /// <summary>For people only: a process id means nothing on another computer, container or PID namespace.</summary>
    [JsonPropertyName("pid")]
    public int ProcessId { get; init; }

    /// <summary>The holder's random run id (<see cref="LockInstance"/>); empty in locks of older versions.</summary>
    [JsonPropertyName("instance")]
    public string Instance { get; init; } = "";

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    /// <summary>The holder's clock at its last refresh, for people; staleness goes by the server's time.</summary>
    [JsonPropertyName("refreshed")]
    public DateTimeOffset Refreshed { get; init; }

    public string Describe() => $"{Operation} on {Host} (since {Created.UtcDateTime:yyyy-MM-dd HH:mm} UTC by its clock)";
}
