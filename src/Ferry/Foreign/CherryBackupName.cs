using System.Globalization;
using System.Text.RegularExpressions;

namespace Ferry.Foreign;

/// <summary>
/// Cherry Studio's backup keys: <c>cherry-studio.20250314093000.Anns-MacBook.local.mac.zip</c>. The
/// host may itself hold dots, so the time is the first segment and the device type the last.
/// </summary>
internal static partial class CherryBackupName
{
    public const string App = "cherry-studio";
    public const string Prefix = App + ".";

    public static ForeignBackup? TryParse(string key, long size)
    {
        var match = Pattern().Match(key);
        if (!match.Success || !DateTime.TryParseExact(match.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }

        return new ForeignBackup(key, App, match.Groups["host"].Value, match.Groups["device"].Value, time, size);
    }

    /// <summary>Top-level keys only, in the characters an object key may hold.</summary>
    [GeneratedRegex(@"^cherry-studio\.(?<time>[0-9]{14})\.(?<host>[A-Za-z0-9._-]+)\.(?<device>[A-Za-z0-9_-]+)\.zip$")]
    private static partial Regex Pattern();
}
