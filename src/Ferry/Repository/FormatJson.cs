using System.Text.Json.Serialization;
using Ferry.Repository.Crypto;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Repository;

/// <summary>Source-generated JSON for every JSON structure of the repository format (fast, no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(ChunkIdJsonConverter)])]
[JsonSerializable(typeof(KeyFile))]
[JsonSerializable(typeof(RepositoryConfig))]
[JsonSerializable(typeof(Tree))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(Locks.LockInfo))]
[JsonSerializable(typeof(Maintenance.MaintenanceRecord))]
internal sealed partial class FormatJson : JsonSerializerContext;
