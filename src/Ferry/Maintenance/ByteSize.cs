using System.Globalization;

namespace Ferry.Maintenance;

/// <summary>Sizes as people read them (binary units, one decimal), for messages every front end shows alike.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>Bytes in the largest unit that keeps the number at or above 1, such as "12.3 MiB".</summary>
    public static string Show(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }
}
