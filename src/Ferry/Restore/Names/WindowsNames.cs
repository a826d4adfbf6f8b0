namespace Ferry.Restore.Names;

/// <summary>
/// What Windows (and NTFS or exFAT elsewhere, where probed) refuses in a name: the characters
/// <c>&lt; &gt; : " / \ | ? *</c> and control characters, the device names (<c>CON</c>, <c>PRN</c>,
/// <c>AUX</c>, <c>NUL</c>, <c>COM0</c>-<c>COM9</c>, <c>LPT0</c>-<c>LPT9</c>, with or without an
/// extension), and a trailing dot or space (Windows drops them, merging <c>a.</c> into <c>a</c>).
/// </summary>
internal static class WindowsNames
{
    public const string ReservedCharacters = "<>:\"/\\|?*";

    private static readonly HashSet<string> Devices = new(
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
         .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" }),
         "COM\u00B9", "COM\u00B2", "COM\u00B3", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3"],
        StringComparer.OrdinalIgnoreCase);

    public static bool IsReserved(char c) => c < ' ' || ReservedCharacters.Contains(c, StringComparison.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DeviceLookup = Devices.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A device name, alone or before the first dot (<c>nul.txt</c>, <c>COM1.tar.gz</c>), trailing spaces ignored as Windows does.</summary>
    public static bool IsDeviceName(string name)
    {
        var word = name.AsSpan(0, DeviceWordLength(name)).TrimEnd(' ');
        return word.Length is >= 3 and <= 7 && DeviceLookup.Contains(word);
    }

    /// <summary>True when the name holds nothing Windows refuses: no reserved or control character, no trailing dot or space, not a device name.</summary>
    public static bool IsPlain(string name)
    {
        foreach (var c in name)
        {
            if (IsReserved(c) || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return name[^1] is not ('.' or ' ') && !IsDeviceName(name);
    }

    /// <summary>The length of a device name's word (the part before the first dot).</summary>
    public static int DeviceWordLength(string name) => name.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? dot : name.Length;
}
