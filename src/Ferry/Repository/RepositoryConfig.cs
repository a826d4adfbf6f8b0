using System.Text.Json.Serialization;

namespace Ferry.Repository;

/// <summary>
/// <c>config</c>: what every device must agree on to write compatible data. Encrypted with the master key.
/// </summary>
internal sealed class RepositoryConfig
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>A random id, so caches and messages can tell repositories apart.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("chunker_min")]
    public int ChunkerMin { get; init; }

    [JsonPropertyName("chunker_avg")]
    public int ChunkerAvg { get; init; }

    [JsonPropertyName("chunker_max")]
    public int ChunkerMax { get; init; }

    /// <summary>Seeds the chunker's gear table, so chunk boundaries differ between repositories.</summary>
    [JsonPropertyName("chunker_seed")]
    public byte[] ChunkerSeed { get; init; } = [];

    /// <summary>A pack is closed and uploaded once it holds this many bytes.</summary>
    [JsonPropertyName("pack_size")]
    public int PackSize { get; init; }
}
