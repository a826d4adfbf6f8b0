using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Repository.Crypto;

/// <summary>Ids appear in JSON as 64 lowercase hex digits.</summary>
internal sealed class ChunkIdJsonConverter : JsonConverter<ChunkId>
{
    public override ChunkId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ChunkId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("expected a 64-digit hex id");

    public override void Write(Utf8JsonWriter writer, ChunkId value, JsonSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[ChunkId.Size];
        value.WriteTo(bytes);
        Span<char> hex = stackalloc char[ChunkId.Size * 2];
        Convert.TryToHexStringLower(bytes, hex, out _);
        writer.WriteStringValue(hex);
    }
}
