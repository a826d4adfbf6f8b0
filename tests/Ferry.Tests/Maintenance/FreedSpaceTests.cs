using Ferry.Errors;
using Ferry.Maintenance;

namespace Ferry.Tests.Maintenance;

/// <summary>What a delete frees and when, as data; the step that removes the data now is the front end's to word.</summary>
public sealed class FreedSpaceTests
{
    private const long MiB = 1 << 20;

    private static readonly PruneResult Below = new() { BelowThreshold = true, UnreferencedBytes = 3 * MiB, BytesBefore = 100 * MiB };

    public static TheoryData<MaintenanceReport?, FreedWhen, string> Cases => new()
    {
        { null, FreedWhen.MaintenanceOff, "frees 2.0 MiB once unused data is removed: automatic maintenance is off; PRUNE" },
        { new(MaintenanceOutcome.Ran, "laptop", new PruneResult { BytesReclaimed = 2 * MiB, BytesAfter = 98 * MiB, PacksDeleted = 1 }, null), FreedWhen.Now, "frees 2.0 MiB: removed now by maintenance, 98.0 MiB stored now" },
        { new(MaintenanceOutcome.Ran, "laptop", Below, null) { TriggerBytes = 5 * MiB }, FreedWhen.PastThreshold, "frees 2.0 MiB at the next maintenance, once unused data passes 5.0 MiB (now 3.0 MiB); PRUNE" },
        { new(MaintenanceOutcome.LeftToOwner, "desktop", null, null), FreedWhen.ByOwner, "frees 2.0 MiB when device desktop next runs maintenance; PRUNE" },
        { new(MaintenanceOutcome.Busy, "laptop", null, null), FreedWhen.Busy, "frees 2.0 MiB at the next maintenance: other devices are using the repository now" },
        { new(MaintenanceOutcome.Failed, "laptop", null, null, "the bucket is gone"), FreedWhen.NextMaintenance, "frees 2.0 MiB at the next maintenance (maintenance failed: the bucket is gone)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Says_when_the_space_is_freed_and_leaves_the_words_for_removing_it_now_to_the_front_end(MaintenanceReport? maintenance, FreedWhen when, string expected)
    {
        var freed = FreedSpace.Of(2 * MiB, maintenance);

        Assert.Equal(when, freed.When);
        Assert.Equal(expected, freed.Describe(r => r == Remedy.RemoveUnusedData ? "PRUNE" : null));
        Assert.Equal(expected.Replace("; PRUNE", "", StringComparison.Ordinal), freed.Describe(_ => null));
        Assert.DoesNotContain("ferry", freed.Describe(_ => null), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_freed_is_said_whatever_maintenance_did()
    {
        var freed = FreedSpace.Of(0, null);

        Assert.Equal(FreedWhen.Never, freed.When);
        Assert.Equal("frees no space: other snapshots use all of its data", freed.Describe(_ => "PRUNE"));
    }
}
