using Ferry.Repository;
using Ferry.Restore;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>Compares what a repository gives back with what the format v1 manifest recorded.</summary>
internal static class FormatV1Assert
{
    /// <summary>The folder holds exactly the manifest's entries: names, types, bytes, modes, mtimes and link targets.</summary>
    public static void Holds(IReadOnlyList<EntryRecord> expected, string folder)
    {
        var actual = EntryRecord.Describe(folder);
        Assert.Equal(expected.Select(e => e.Path), actual.Select(e => e.Path));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want with { Chunks = null }, got);
        }
    }

    /// <summary>Restores one snapshot through the engine into <paramref name="target"/> and compares it with the manifest.</summary>
    public static async Task RestoresAsRecordedAsync(FerryRepository repository, SnapshotRecord expected, string target)
    {
        var snapshot = await repository.FindSnapshotAsync(expected.Id, null, CancellationToken.None);
        var result = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(expected.Entries.Count(e => e.Type == "file"), result.Files);
        Holds(expected.Entries, target);
    }
}
