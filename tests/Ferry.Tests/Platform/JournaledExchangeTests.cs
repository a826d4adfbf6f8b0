using Ferry.Platform.Exchange;
using Ferry.Restore;
using Ferry.Testing;

namespace Ferry.Tests.Platform;

/// <summary>
/// restore --replace where no atomic exchange exists (Windows, file systems without one): two renames
/// and a journal. A process killed at any step leaves both trees whole, and the next run leaves the
/// target as the old tree or the new one, with nothing else beside it.
/// </summary>
public sealed class JournaledExchangeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData(nameof(ExchangeStep.JournalWritten), "old")]
    [InlineData(nameof(ExchangeStep.TargetParked), "old")]
    [InlineData(nameof(ExchangeStep.StagingInPlace), "new")]
    [InlineData(nameof(ExchangeStep.OldTreeMoved), "new")]
    public void A_swap_killed_after_each_step_is_rolled_back_or_completed_by_the_next_run(string killedAfter, string expected)
    {
        var (target, staging, oldTree, newTree) = OldAndNew();
        var space = StagingArea.NewExchangeSpace(target);
        var exchange = new JournaledExchange(step =>
        {
            if (step == Enum.Parse<ExchangeStep>(killedAfter))
            {
                throw new SimulatedKill();
            }
        });

        Assert.Throws<SimulatedKill>(() => exchange.Swap(staging, target, space));

        // What the killed process left: its journal, and each tree whole under one of the three names.
        Assert.True(File.Exists(space.Journal));
        var left = new[] { target, staging, space.Parking }.Where(Directory.Exists).Select(t => TreeAssert.Describe(t)).ToList();
        Assert.Equal(2, left.Count);
        Assert.Contains(left, t => Same(t, oldTree));
        Assert.Contains(left, t => Same(t, newTree));

        StagingArea.CleanUp(target);

        Assert.True(Same(TreeAssert.Describe(target), expected == "old" ? oldTree : newTree));
        Assert.Equal(["live"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_swap_that_completes_leaves_the_new_tree_in_place_and_the_old_one_where_the_staging_was()
    {
        var (target, staging, oldTree, newTree) = OldAndNew();
        var space = StagingArea.NewExchangeSpace(target);

        new JournaledExchange().Swap(staging, target, space);

        Assert.True(Same(TreeAssert.Describe(target), newTree));
        Assert.True(Same(TreeAssert.Describe(staging), oldTree));
        Assert.False(File.Exists(space.Journal));
        Assert.False(Directory.Exists(space.Parking));
    }

    [Fact]
    public void When_the_new_tree_cannot_be_moved_in_the_old_one_is_put_back_at_once()
    {
        var (target, staging, oldTree, _) = OldAndNew();
        var space = StagingArea.NewExchangeSpace(target);
        var elsewhere = _temp.Sub("taken-away");
        var exchange = new JournaledExchange(step =>
        {
            if (step == ExchangeStep.TargetParked)
            {
                Directory.Move(staging, elsewhere); // the second rename now fails
            }
        });

        var e = Assert.ThrowsAny<IOException>(() => exchange.Swap(staging, target, space));

        Assert.Contains("old content was put back", e.Message);
        Assert.True(Same(TreeAssert.Describe(target), oldTree));
        Assert.False(File.Exists(space.Journal));
        Assert.False(Directory.Exists(space.Parking));
    }

    [Fact]
    public void A_journal_cut_short_while_being_written_is_removed_and_nothing_moves()
    {
        var (target, staging, oldTree, _) = OldAndNew();
        var space = StagingArea.NewExchangeSpace(target);
        File.WriteAllText(space.Journal + ExchangeJournal.TemporarySuffix, "{\"target\":\"" + target.Replace("\\", "\\\\", StringComparison.Ordinal));

        StagingArea.CleanUp(target);

        Assert.True(Same(TreeAssert.Describe(target), oldTree));
        Assert.False(Directory.Exists(staging));
        Assert.Equal(["live"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unreadable_journal_still_gets_a_parked_target_back()
    {
        var (target, staging, oldTree, _) = OldAndNew();
        var space = StagingArea.NewExchangeSpace(target);
        Directory.Move(target, space.Parking);
        File.WriteAllText(space.Journal, "not json");

        StagingArea.CleanUp(target);

        Assert.True(Same(TreeAssert.Describe(target), oldTree));
        Assert.False(Directory.Exists(staging));
        Assert.Equal(["live"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }

    public void Dispose() => _temp.Dispose();

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);

    private (string Target, string Staging, Dictionary<string, string> OldTree, Dictionary<string, string> NewTree) OldAndNew()
    {
        var target = _temp.Sub("live");
        SampleTree.Write(target, seed: 1);
        File.WriteAllText(Path.Combine(target, "only-in-old.txt"), "yesterday");
        var staging = StagingArea.NewStaging(target);
        SampleTree.Write(staging, seed: 2);
        File.WriteAllText(Path.Combine(staging, "only-in-new.txt"), "the snapshot");
        return (target, staging, TreeAssert.Describe(target), TreeAssert.Describe(staging));
    }

    private sealed class SimulatedKill : Exception;
}
