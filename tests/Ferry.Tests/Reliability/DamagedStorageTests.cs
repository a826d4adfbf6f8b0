using Ferry.Testing.Cli;
using Ferry.Testing.Reliability;

namespace Ferry.Tests.Reliability;

/// <summary>
/// Each kind of stored object, flipped, truncated, deleted, or replaced with another valid object of
/// its kind, in a local repository: check and restore name what is damaged, restore every file that
/// is not affected exactly, never write a wrong byte, and exit non-zero.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class DamagedStorageTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var kind in new[] { "config", "key", "data pack", "tree pack", "index", "snapshot" })
        {
            foreach (var damage in new[] { "flip", "truncate", "delete", "replace" })
            {
                cases.Add(kind, damage);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_damaged_object_is_reported_and_nothing_else_is_lost(string kind, string damage)
    {
        var repo = new DamageLab(_cli);
        await repo.BackUpTwiceAsync();
        var victim = await repo.DamageAsync(kind, damage);

        var check = await _cli.RunAsync("check", "--read-data");
        var target = _cli.Sub("restored");
        var restore = await _cli.RunAsync("restore", "latest", "--to", target);
        var backup = await _cli.RunAsync("backup", repo.Source);

        ReliabilityRun.Report("damage", new
        {
            kind,
            damage,
            check = check.ExitCode,
            restore = restore.ExitCode,
            files_not_restored = restore.Stderr.Split('\n').Count(l => l.StartsWith("not restored ", StringComparison.Ordinal)),
            backup = backup.ExitCode,
            check_says = check.Stderr.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "",
        });
        foreach (var run in new[] { check, restore, backup })
        {
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        }

        repo.AssertNothingWrong(target, restore);
        if (damage == "delete" && kind is "snapshot" or "index")
        {
            // A deleted snapshot looks exactly like 'ferry delete'; a deleted index object's packs are
            // indexed again from their own headers. Nothing is lost, nothing is left to report.
            Assert.Equal(0, check.ExitCode);
            Assert.Equal(0, restore.ExitCode);
            return;
        }

        Assert.True(check.ExitCode == 1, $"check missed the damage: {check}");
        Assert.Contains(damage == "delete" && kind == "key" ? "no keys/ objects" : victim, check.Stderr, StringComparison.Ordinal);
        if (kind is "data pack" or "tree pack" || (kind, damage) is ("key", "flip"))
        {
            // Restore either needs nothing damaged (a tree only the older snapshot used, a key file
            // altered only around its wrapped key) and is exact, or names what it lost and restores the rest.
            Assert.True(restore.ExitCode == 0 || restore.Stderr.Contains(kind == "key" ? victim : "not restored ", StringComparison.Ordinal), restore.Stderr);
        }
        else if (kind is "index" or "snapshot")
        {
            // Nothing the newest snapshot needs is lost: its restore is exact.
            Assert.Equal(0, restore.ExitCode);
        }
        else
        {
            Assert.Equal(1, restore.ExitCode);
            Assert.Equal(1, backup.ExitCode);
        }
    }

    public void Dispose() => _cli.Dispose();
}
