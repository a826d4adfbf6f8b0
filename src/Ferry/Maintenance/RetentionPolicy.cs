using System.Globalization;
using Ferry.Repository;
using Ferry.Repository.Snapshots;

namespace Ferry.Maintenance;

/// <summary>
/// Which snapshots to keep, with restic's semantics: keep the newest N (<see cref="Last"/>), and the
/// newest snapshot of each of the last N hours, days, ISO weeks, months and years that have one.
/// A snapshot any rule keeps is kept. Buckets follow the local calendar of the injected clock.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>Keep the newest N snapshots.</summary>
    public int Last { get; init; }

    /// <summary>Keep the newest snapshot of each of the last N hours that have one.</summary>
    public int Hourly { get; init; }

    /// <summary>Keep the newest snapshot of each of the last N days that have one.</summary>
    public int Daily { get; init; }

    /// <summary>Keep the newest snapshot of each of the last N ISO weeks that have one.</summary>
    public int Weekly { get; init; }

    /// <summary>Keep the newest snapshot of each of the last N months that have one.</summary>
    public int Monthly { get; init; }

    /// <summary>Keep the newest snapshot of each of the last N years that have one.</summary>
    public int Yearly { get; init; }

    /// <summary>True when no rule is set (such a policy would keep nothing, so callers refuse it).</summary>
    public bool IsEmpty => Last <= 0 && Hourly <= 0 && Daily <= 0 && Weekly <= 0 && Monthly <= 0 && Yearly <= 0;

    /// <summary>
    /// Decides for one group of snapshots (one device and set of paths). Safety snapshots younger
    /// than a day are always kept: they are the undo of a recent restore.
    /// </summary>
    public IReadOnlyList<RetentionDecision> Apply(IEnumerable<SnapshotEntry> group, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var zone = time.LocalTimeZone;
        var newestFirst = group.OrderByDescending(s => s.Snapshot.Time).ToList();
        var reasons = newestFirst.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);

        foreach (var entry in newestFirst.Where(s => SafetySnapshots.IsProtected(s, now)))
        {
            reasons[entry.Id].Add("safety snapshot younger than a day");
        }

        foreach (var entry in newestFirst.Take(Math.Max(0, Last)))
        {
            reasons[entry.Id].Add("last");
        }

        KeepPerBucket(newestFirst, reasons, Hourly, "hourly", t => t.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture), zone);
        KeepPerBucket(newestFirst, reasons, Daily, "daily", t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone);
        KeepPerBucket(newestFirst, reasons, Weekly, "weekly", t => $"{ISOWeek.GetYear(t)}-W{ISOWeek.GetWeekOfYear(t)}", zone);
        KeepPerBucket(newestFirst, reasons, Monthly, "monthly", t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture), zone);
        KeepPerBucket(newestFirst, reasons, Yearly, "yearly", t => t.ToString("yyyy", CultureInfo.InvariantCulture), zone);

        return [.. newestFirst.Select(s => new RetentionDecision(s, reasons[s.Id].Count > 0, reasons[s.Id]))];
    }

    private static void KeepPerBucket(List<SnapshotEntry> newestFirst, Dictionary<string, List<string>> reasons, int count, string rule, Func<DateTime, string> bucketOf, TimeZoneInfo zone)
    {
        string? last = null;
        var kept = 0;
        foreach (var entry in newestFirst)
        {
            if (kept >= count)
            {
                return;
            }

            var bucket = bucketOf(TimeZoneInfo.ConvertTime(entry.Snapshot.Time, zone).DateTime);
            if (bucket != last)
            {
                reasons[entry.Id].Add($"{rule} {bucket}");
                last = bucket;
                kept++;
            }
        }
    }
}

/// <summary>Keep or remove one snapshot, and why it is kept.</summary>
public sealed record RetentionDecision(SnapshotEntry Snapshot, bool Keep, IReadOnlyList<string> Reasons);
