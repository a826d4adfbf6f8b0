using System.Globalization;

namespace Ferry.Storage;

/// <summary>Waits as the stores' messages name them.</summary>
internal static class Durations
{
    /// <summary>"30 seconds", "1.5 seconds", "1 second".</summary>
    public static string Seconds(TimeSpan time) =>
        time == TimeSpan.FromSeconds(1) ? "1 second" : $"{time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds";
}
