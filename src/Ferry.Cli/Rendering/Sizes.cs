using System.Globalization;

namespace Ferry.Cli.Rendering;

/// <summary>Numbers as people read them: binary units, one decimal, seconds as m:ss.</summary>
internal static class Sizes
{
    public static string Bytes(long bytes) => Ferry.Maintenance.ByteSize.Show(bytes);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");
}
