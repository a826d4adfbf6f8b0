using System.Text;

namespace Ferry.Names;

/// <summary>
/// A file name as Ferry carries it: the exact bytes the file system gave, held in a .NET string.
/// Valid UTF-8 decodes as usual; each byte that is not part of valid UTF-8 becomes the lone surrogate
/// U+DC80..U+DCFF (Python's "surrogateescape", PEP 383). Decoded text never holds a lone surrogate,
/// so the string maps back to exactly the same bytes, compares, sorts and hashes like any other, and
/// a name from Linux that is not UTF-8 survives the trip through Ferry byte for byte.
/// </summary>
public static class EntryName
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    /// <summary>The name (or path) these bytes are; never fails.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..consumed])
                {
                    text.Append((char)(FirstEscape + b - 0x80));
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    /// <summary>The bytes of a name (or path) made by <see cref="FromBytes"/> or read as Unicode text.</summary>
    /// <exception cref="ArgumentException">The text holds a lone surrogate that is not an escaped byte.</exception>
    public static byte[] ToBytes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!HasSurrogates(name))
        {
            return Encoding.UTF8.GetBytes(name);
        }

        var bytes = new List<byte>(name.Length + 8);
        Span<byte> rune = stackalloc byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is >= FirstEscape and <= LastEscape)
            {
                bytes.Add((byte)(c - FirstEscape + 0x80));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                var n = new Rune(c, name[++i]).EncodeToUtf8(rune);
                bytes.AddRange(rune[..n]);
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"the name '{NameText.Show(name)}' is not valid Unicode text", nameof(name));
            }
            else
            {
                var n = new Rune(c).EncodeToUtf8(rune);
                bytes.AddRange(rune[..n]);
            }
        }

        return [.. bytes];
    }

    /// <summary>How many bytes the name (or path) is on disk.</summary>
    public static int ByteCount(string name) => HasEscapes(name) ? ToBytes(name).Length : Encoding.UTF8.GetByteCount(name);

    /// <summary>True when the name holds bytes that are not valid UTF-8 (escaped as lone surrogates).</summary>
    public static bool HasEscapes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!HasSurrogates(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (IsEscape(name, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the char at <paramref name="i"/> stands for one byte that is not valid UTF-8.</summary>
    public static bool IsEscape(string name, int i)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name[i] is >= FirstEscape and <= LastEscape && (i == 0 || !char.IsHighSurrogate(name[i - 1]));
    }

    /// <summary>The byte an escape char stands for.</summary>
    public static byte EscapedByte(char c) => (byte)(c - FirstEscape + 0x80);

    /// <summary>
    /// Whether the text is exactly what its bytes decode to: always for names read from a file system
    /// by bytes or as valid Unicode; never for Windows names holding a lone surrogate, which have no bytes.
    /// </summary>
    public static bool IsCanonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!HasSurrogates(name))
        {
            return true;
        }

        try
        {
            return FromBytes(ToBytes(name)) == name;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A name a snapshot may hold: any non-empty byte string without '/' or NUL, other than "." and "..".
    /// Everything a file system allows on any OS (backslash, colon, newline, device names) passes.
    /// </summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 } && name is not ("." or "..") && name.IndexOfAny(['/', '\0']) < 0 && IsCanonical(name);

    /// <summary>
    /// Whether a tree stores the name's bytes beside its text (<c>name_raw</c>): names that are not UTF-8,
    /// and names with a backslash, which Ferry 0.1 refused in a tree (it then restores them under their text).
    /// </summary>
    internal static bool NeedsRaw(string name) => HasEscapes(name) || name.Contains('\\', StringComparison.Ordinal);

    /// <summary>
    /// The text a tree stores for a name kept as bytes: each byte that is not UTF-8 and each backslash as
    /// <c>%XX</c>. Only for readers that do not know <c>name_raw</c>: any name they accept, close to the real one.
    /// </summary>
    internal static string StoredText(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (IsEscape(name, i))
            {
                text.Append('%').Append(EscapedByte(name[i]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (name[i] == '\\')
            {
                text.Append("%5C");
            }
            else
            {
                text.Append(name[i]);
            }
        }

        return text.ToString();
    }

    private static bool HasSurrogates(string name)
    {
        foreach (var c in name)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
