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

    /// <summary>
    /// Refuses a config whose values would be unsafe to use: the id names a local cache folder, so
    /// anything but 32 hex digits could point it anywhere; sizes decide what is allocated.
    /// A device holding the password could write such a config; every other device must not follow it.
    /// </summary>
    public void Validate()
    {
        if (Id is not { Length: 32 } || !Id.All(char.IsAsciiHexDigitLower))
        {
            throw new CorruptDataException("config holds an invalid repository id (not 32 lowercase hex digits): it was written by a damaged or hostile Ferry; nothing was done");
        }

        if (ChunkerSeed is not { Length: 32 } || ChunkerMin < 1024 || ChunkerAvg < ChunkerMin || ChunkerMax < ChunkerAvg || ChunkerMax > MaxChunk
            || PackSize < 64 * 1024 || PackSize > MaxPackSize)
        {
            throw new CorruptDataException($"config holds chunk or pack sizes outside what Ferry supports (chunks up to {MaxChunk / (1024 * 1024)} MiB, packs up to {MaxPackSize / (1024 * 1024)} MiB)");
        }
    }

    /// <summary>The largest chunk a config may ask for: every reader allocates one per file being read.</summary>
    public const int MaxChunk = 16 * 1024 * 1024;

    /// <summary>The largest pack size a config may ask for: every backup holds a few packs in memory.</summary>
    public const int MaxPackSize = 128 * 1024 * 1024;
}
