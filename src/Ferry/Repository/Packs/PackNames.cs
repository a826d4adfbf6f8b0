using Ferry.Repository.Crypto;

namespace Ferry.Repository.Packs;

/// <summary>Packs live at <c>data/&lt;first two hex digits&gt;/&lt;SHA-256 of the pack&gt;</c>.</summary>
internal static class PackNames
{
    public const string Prefix = "data/";

    public static string KeyOf(ChunkId packId)
    {
        var hex = packId.ToString();
        return $"{Prefix}{hex[..2]}/{hex}";
    }

    public static bool TryParseKey(string key, out ChunkId packId)
    {
        packId = default;
        var slash = key.LastIndexOf('/');
        return key.StartsWith(Prefix, StringComparison.Ordinal) && slash > 0 && ChunkId.TryParse(key[(slash + 1)..], out packId)
            && key == KeyOf(packId);
    }
}
