using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Maintenance;

public sealed class RetentionTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday
    private readonly TempFolder _temp = new();

    [Fact]
    public void Keep_daily_keeps_the_newest_of_each_of_the_last_N_days_that_have_one()
    {
        var clock = new FakeTimeProvider(Start.AddDays(10));
        var snapshots = new[]
        {
            At("d0-morning", Start), At("d0-evening", Start.AddHours(10)),
            At("d1", Start.AddDays(1)),
            At("d3-a", Start.AddDays(3)), At("d3-b", Start.AddDays(3).AddHours(1)),
            At("d5", Start.AddDays(5)),
        };

        var kept = Kept(new RetentionPolicy { Daily = 3 }.Apply(snapshots, clock));

        Assert.Equal(["d1", "d3-b", "d5"], kept);
    }

    [Fact]
    public void Rules_combine_and_a_snapshot_kept_by_any_rule_stays()
    {
        var clock = new FakeTimeProvider(Start.AddDays(400));
        var snapshots = Enumerable.Range(0, 60).Select(i => At($"w{i:d2}", Start.AddDays(7 * i))).ToArray();

        var decisions = new RetentionPolicy { Last = 2, Weekly = 4, Monthly = 3, Yearly = 5 }.Apply(snapshots, clock);
        var kept = Kept(decisions);

        // w56..w59: the last 4 weeks (w59 and w58 also "last"); March 2027 ends with w56, February with
        // w51, and 2026 with w43 (2026-12-28); overlaps are kept once.
        Assert.Equal(["w43", "w51", "w56", "w57", "w58", "w59"], kept);
        Assert.Contains(decisions, d => d.Snapshot.Id.StartsWith("w59", StringComparison.Ordinal) && d.Reasons.Contains("last"));
    }

    [Fact]
    public void A_safety_snapshot_younger_than_a_day_is_always_kept()
    {
        var clock = new FakeTimeProvider(Start.AddHours(5));
        var snapshots = new[] { At("old", Start), At("safety", Start.AddHours(1), SafetySnapshots.Tag), At("new", Start.AddHours(2)) };

        var kept = Kept(new RetentionPolicy { Last = 1 }.Apply(snapshots, clock));

        Assert.Equal(["new", "safety"], kept.Order());
    }

    [Fact]
    public async Task Max_backups_keeps_the_newest_of_this_device_and_paths_and_nothing_else_is_touched()
    {
        var clock = new FakeTimeProvider(Start);
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "a", clock, None);
        var app = _temp.Sub("App");
        var other = _temp.Sub("Other");
        SampleTree.Write(app);
        SampleTree.Write(other);
        for (var i = 0; i < 4; i++)
        {
            await BackupAsync(repository, clock, app, "laptop");
            await BackupAsync(repository, clock, app, "desktop");
        }

        await BackupAsync(repository, clock, other, "laptop");
        var safety = await BackupAsync(repository, clock, app, "laptop", SafetySnapshots.Tag);
        var newest = await BackupAsync(repository, clock, app, "laptop");

        var removed = await MaxBackups.ApplyAsync(repository, "laptop", [app], 2, None);

        var left = await repository.ListSnapshotsAsync(None);
        Assert.Equal(3, removed.Count);
        Assert.Equal(4, left.Count(s => s.Snapshot.Host == "desktop"));
        Assert.Single(left, s => s.Snapshot.Paths[0] == other);
        Assert.Contains(left, s => s.Id == safety);
        Assert.Contains(left, s => s.Id == newest);
        Assert.Equal(2, left.Count(s => s.Snapshot.Host == "laptop" && s.Snapshot.Paths[0] == app && !s.Snapshot.Tags.Contains(SafetySnapshots.Tag)));
    }

    private static async Task<string> BackupAsync(FerryRepository repository, FakeTimeProvider clock, string path, string host, params string[] tags)
    {
        clock.Advance(TimeSpan.FromMinutes(10));
        return (await new BackupRunner(repository, new BackupOptions { Paths = [path], Host = host, Tags = tags }).RunAsync(None)).SnapshotId;
    }

    private static SnapshotEntry At(string id, DateTimeOffset time, params string[] tags) =>
        new(id, new Snapshot { Host = "h", Paths = ["/p"], Time = time, Tags = tags });

    private static List<string> Kept(IEnumerable<RetentionDecision> decisions) => [.. decisions.Where(d => d.Keep).Select(d => d.Snapshot.Id).Order(StringComparer.Ordinal)];

    public void Dispose() => _temp.Dispose();
}
