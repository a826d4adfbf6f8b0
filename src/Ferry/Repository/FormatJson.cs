using System.Text.Json.Serialization;
using Ferry.Repository.Crypto;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Repository;

/// <summary>
/// Source-generated JSON for the JSON structures of the repository format (fast, no reflection); the
/// <c>maintenance</c> object has its own in the maintenance layer, which builds on this one.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(ChunkIdJsonConverter)])]
[JsonSerializable(typeof(KeyFile))]
[JsonSerializable(typeof(RepositoryConfig))]
[JsonSerializable(typeof(Tree))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(Locks.LockInfo))]
internal sealed partial class FormatJson : JsonSerializerContext;
