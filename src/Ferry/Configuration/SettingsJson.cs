using System.Text.Json.Serialization;
using Ferry.Scheduling;

namespace Ferry.Configuration;

/// <summary>
/// The local files people may open and edit (config, schedule state): indented snake_case JSON,
/// source-generated so the native binary needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SavedSettings))]
[JsonSerializable(typeof(ScheduleState))]
internal sealed partial class SettingsJson : JsonSerializerContext;
