using System.Text.Json.Serialization;

namespace Ferry.Maintenance;

/// <summary>
/// Source-generated JSON for the <c>maintenance</c> object, written as the repository format's other
/// objects are (Repository.FormatJson: nulls left out). Its own context, because the format's may not
/// know the layers above it.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceRecord))]
internal sealed partial class MaintenanceJson : JsonSerializerContext;
