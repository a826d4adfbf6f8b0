using System.Globalization;
using System.Text;
using Ferry.Names;

namespace Ferry.Restore.Names;

/// <summary>
/// The name an entry is restored under when the target cannot hold its own (<c>--rename-unsafe</c>):
/// every character Windows refuses, every byte that is not UTF-8 and a trailing dot or space becomes
/// <c>%XX</c>, and <c>~ferry</c> (or <c>~ferry2</c>, <c>~ferry3</c> ... until the name is free in its
/// folder, ignoring case) goes before the extension, or after the device word of a device name:
/// <c>CON.txt</c> → <c>CON~ferry.txt</c>, <c>what?.txt</c> → <c>what%3F~ferry.txt</c>, the second of
/// <c>Readme</c> and <c>README</c> → <c>Readme~ferry</c>. A name too long for the target is shortened
/// before the marker. The mapping back is not guessed from the name: the restore lists it in
/// <see cref="RenameManifest"/>, so a file that really is called <c>x~ferry</c> stays itself.
/// </summary>
internal static class SafeNames
{
    public const string Marker = "~ferry";

    /// <summary>A name for <paramref name="name"/> that the target holds and <paramref name="taken"/> does not (ignoring case); it is added to <paramref name="taken"/>.</summary>
    public static string Make(string name, TargetFileSystem target, HashSet<string> taken)
    {
        var escaped = Escape(name);
        var split = WindowsNames.IsDeviceName(name) ? WindowsNames.DeviceWordLength(escaped) : escaped.LastIndexOf('.') is var dot and > 0 ? dot : escaped.Length;
        var stem = escaped[..split];
        var extension = escaped[split..];
        for (var attempt = 1; ; attempt++)
        {
            var marker = attempt == 1 ? Marker : string.Create(CultureInfo.InvariantCulture, $"{Marker}{attempt}");
            var candidate = Fit(stem, marker, extension, target);
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private static string Escape(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        var keep = name.Length;
        while (keep > 0 && name[keep - 1] is '.' or ' ')
        {
            keep--;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (EntryName.IsEscape(name, i))
            {
                text.Append(CultureInfo.InvariantCulture, $"%{EntryName.EscapedByte(c):X2}");
            }
            else if (WindowsNames.IsReserved(c) || c == '\x7F' || i >= keep)
            {
                text.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Stem, marker and extension, the stem shortened (never inside a %XX or a surrogate pair) until the target holds the name; without the extension if need be.</summary>
    private static string Fit(string stem, string marker, string extension, TargetFileSystem target)
    {
        while (true)
        {
            var candidate = stem + marker + extension;
            if (!target.IsTooLong(candidate))
            {
                return candidate;
            }

            if (stem.Length == 0)
            {
                extension = "";
                continue;
            }

            var cut = stem.Length - 1;
            if (cut >= 2 && stem[cut - 2] == '%')
            {
                cut -= 2;
            }
            else if (cut > 0 && char.IsLowSurrogate(stem[cut]) && char.IsHighSurrogate(stem[cut - 1]))
            {
                cut--;
            }

            stem = stem[..cut];
        }
    }
}
