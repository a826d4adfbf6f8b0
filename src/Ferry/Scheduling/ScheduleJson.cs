using System.Text.Json.Serialization;

namespace Ferry.Scheduling;

/// <summary>
/// The schedule state file beside the config, written like it (<see cref="Configuration.SettingsJson"/>):
/// indented snake_case JSON, source-generated so the native binary needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ScheduleState))]
internal sealed partial class ScheduleJson : JsonSerializerContext;
