using Ferry.Web.Api;

namespace Ferry.Web.Operations;

/// <summary>Rate and time left from the engine's counters: what a progress bar shows.</summary>
internal static class Progress
{
    public static ProgressView View(long filesDone, long filesTotal, long bytesDone, long bytesTotal, bool totalsKnown, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0.5 ? bytesDone / seconds : 0;
        double? eta = totalsKnown && rate > 0 ? Math.Max(0, bytesTotal - bytesDone) / rate : null;
        return new ProgressView(filesDone, filesTotal, bytesDone, bytesTotal, totalsKnown, Math.Round(seconds, 1), Math.Round(rate), eta is { } e ? Math.Round(e) : null);
    }
}
