using System.Text.Json.Serialization;
namespace Ferry.Configuration;

/// <summary>
/// The config file, which people may open and edit: indented snake_case JSON,
/// source-generated so the native binary needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SavedSettings))]
internal sealed partial class SettingsJson : JsonSerializerContext;
