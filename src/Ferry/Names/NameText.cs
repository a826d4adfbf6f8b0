using System.Globalization;
using System.Text;

namespace Ferry.Names;

/// <summary>
/// Names and paths as people read and type them. A path is shown as it is when that is
/// unambiguous; otherwise (bytes that are not UTF-8, a backslash, invisible or control characters,
/// a leading double quote, a name starting or ending with a space) it is shown in double quotes with
/// C-style escapes: <c>\\</c>, <c>\"</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\xNN</c> for a byte that
/// is not UTF-8, <c>\u{XXXX}</c> for any other invisible character. Every place that takes a path
/// (<c>--include</c>, <c>ls PATH</c>) takes either form back.
/// </summary>
public static class NameText
{
    /// <summary>The path (or name) as it is shown: plain, or quoted when plain would be ambiguous.</summary>
    public static string Show(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return NeedsQuotes(path) ? Quote(path) : path;
    }

    /// <summary>
    /// A path on this computer, shown as <see cref="Show"/> does; on Windows the backslash is its
    /// separator and no name can hold one, so it does not make the path ambiguous there.
    /// </summary>
    public static string ShowLocal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OperatingSystem.IsWindows() && !NeedsQuotes(path.Replace('\\', '/')) ? path : Show(path);
    }

    /// <summary>The path a quoted text stands for; false when the text is not a quoted path.</summary>
    public static bool TryParseQuoted(string text, out string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = "";
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        var parsed = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] != '\\')
            {
                parsed.Append(text[i]);
                continue;
            }

            if (++i >= text.Length - 1)
            {
                return false;
            }

            switch (text[i])
            {
                case '\\' or '"':
                    parsed.Append(text[i]);
                    break;
                case 'n':
                    parsed.Append('\n');
                    break;
                case 'r':
                    parsed.Append('\r');
                    break;
                case 't':
                    parsed.Append('\t');
                    break;
                case 'x' when i + 2 < text.Length - 1 && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b):
                    parsed.Append(b < 0x80 ? (char)b : (char)(0xDC00 + b));
                    i += 2;
                    break;
                case 'u' when text.IndexOf('}', i) is var end and > 0 && end < text.Length - 1 && text[i + 1] == '{'
                    && int.TryParse(text.AsSpan(i + 2, end - i - 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    && Rune.IsValid(code):
                    parsed.Append(new Rune(code).ToString());
                    i = end;
                    break;
                default:
                    return false;
            }
        }

        // Bytes typed one by one may spell valid UTF-8: the same bytes, read again, give the one canonical text.
        path = EntryName.FromBytes(EntryName.ToBytes(parsed.ToString()));
        return true;
    }

    /// <summary>
    /// A path inside a snapshot as typed, '/'-separated, without leading or trailing '/': the quoted form
    /// or the path itself. A backslash separates folders only on Windows; elsewhere it is part of a name.
    /// </summary>
    public static string ParsePath(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var path = TryParseQuoted(typed, out var quoted) ? quoted : OperatingSystem.IsWindows() ? typed.Replace('\\', '/') : typed;
        return path.Trim('/');
    }

    /// <summary>For JSON output: the path's bytes in base64 when they are not valid UTF-8 (text alone cannot carry them), else null.</summary>
    public static string? RawBase64(string path) => EntryName.HasEscapes(path) ? Convert.ToBase64String(EntryName.ToBytes(path)) : null;

    /// <summary>For JSON output: the path itself when it is valid Unicode, else its quoted form (which <see cref="ParsePath"/> takes back).</summary>
    public static string JsonText(string path) => EntryName.HasEscapes(path) ? Quote(path) : path;

    private static bool NeedsQuotes(string path)
    {
        if (path.StartsWith('"'))
        {
            return true;
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' || IsInvisible(path, i) || (c == ' ' && (i == 0 || i == path.Length - 1 || path[i - 1] == '/' || path[i + 1] == '/')))
            {
                return true;
            }
        }

        return false;
    }

    private static string Quote(string path)
    {
        var text = new StringBuilder(path.Length + 8).Append('"');
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            switch (c)
            {
                case '\\' or '"':
                    text.Append('\\').Append(c);
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (EntryName.IsEscape(path, i))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{EntryName.EscapedByte(c):X2}");
                    }
                    else if (IsInvisible(path, i))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>Control and format characters, line separators, and escaped bytes: what a terminal would not show as itself.</summary>
    private static bool IsInvisible(string path, int i)
    {
        var c = path[i];
        if (char.IsSurrogate(c))
        {
            return EntryName.IsEscape(path, i) || (char.IsHighSurrogate(c) ? i + 1 >= path.Length || !char.IsLowSurrogate(path[i + 1]) : i == 0 || !char.IsHighSurrogate(path[i - 1]));
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
