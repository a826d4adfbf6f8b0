using Ferry.Repository;
using Ferry.Repository.Trees;
using Ferry.Restore;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>Compares what a repository gives back with what the format v1 manifest recorded.</summary>
internal static class FormatV1Assert
{
    /// <summary>The folder holds exactly the manifest's entries: names, types, bytes, modes, mtimes and link targets.</summary>
    public static void Holds(IReadOnlyList<EntryRecord> expected, string folder) =>
        SameEntries(expected.Select(e => e with { Chunks = null }), EntryRecord.Describe(folder));

    /// <summary>Entry by entry, so a difference names its path.</summary>
    public static void SameEntries(IEnumerable<EntryRecord> expected, IEnumerable<EntryRecord> actual)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        Assert.Equal(want.Select(e => e.Path), got.Select(e => e.Path));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w, g);
        }
    }

    /// <summary>The snapshots listed, newest first, each as the manifest recorded it.</summary>
    public static void ListsAsRecorded(IEnumerable<string> listed)
    {
        var recorded = FormatV1Fixture.Manifest.Snapshots.OrderByDescending(s => s.Time).Select(s => s.Describe());
        Assert.Equal(recorded, listed);
    }

    /// <summary>A listed snapshot in the manifest's terms.</summary>
    public static string Describe(SnapshotEntry entry)
    {
        var s = entry.Snapshot;
        var m = s.Summary;
        var summary = new SummaryRecord(m.Files, m.Dirs, m.Bytes, m.AddedBytes, m.NewFiles, m.ChangedFiles, m.UnchangedFiles, m.DurationMs);
        return new SnapshotRecord(entry.Id, s.Time, s.Host, s.Os, s.User, s.Paths, s.Tags, s.Parent, summary, []).Describe();
    }

    /// <summary>A tree node in the manifest's terms (a listing knows no content hash).</summary>
    public static EntryRecord Describe(string path, TreeNode node) => node.Type switch
    {
        NodeType.Symlink => new EntryRecord(path, "symlink", null, null, null, null, null, node.Target),
        NodeType.Directory => new EntryRecord(path, "dir", Octal(node.Mode), node.MTimeNs, null, null, null, null),
        _ => new EntryRecord(path, "file", Octal(node.Mode), node.MTimeNs, node.Size, null, node.Content?.Count, null),
    };

    public static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

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
