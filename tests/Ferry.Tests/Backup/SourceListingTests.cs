using Ferry.Backup;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Testing.Names;

namespace Ferry.Tests.Backup;

/// <summary>
/// The folders are read ahead of the walk while the bucket answers: progress counts the files and
/// bytes the backup then stores (so the bar ends at 100%), the walk takes the listings read ahead
/// and nothing is held once it has passed, whatever the two's timing.
/// </summary>
public sealed class SourceListingTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Excludes = ["*.tmp", "Cache"];
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task The_read_ahead_counts_the_files_and_bytes_the_backup_stores()
    {
        var source = OddTree();
        var stored = await BackupSummaryAsync(source);
        var counters = new BackupCounters();

        await using (var listing = SourceListing.Start([new SourcePath(source, "App")], new ExcludeFilter(Excludes), counters, None))
        {
            await listing.Completion;
        }

        var progress = counters.Read(0);
        Assert.True(progress.TotalsKnown);
        Assert.Equal(OddNamesTree.Files.Count + 3, stored.Files);
        Assert.Equal((stored.Files, stored.Bytes), (progress.FilesTotal, progress.BytesTotal));
    }

    [Fact]
    public async Task The_walk_takes_the_listing_read_ahead_not_the_folder_as_it_is_later()
    {
        var source = OddTree();
        var counters = new BackupCounters();
        await using var listing = SourceListing.Start([new SourcePath(source, "App")], new ExcludeFilter(Excludes), counters, None);
        await listing.Completion;
        File.WriteAllText(Path.Join(source, "notes", "later.md"), "written after the read-ahead");

        var notes = listing.Take(Path.Join(source, "notes"), "notes");
        var again = listing.Take(Path.Join(source, "notes"), "notes");

        Assert.Equal(["2026", "empty.md", "to-today"], notes.Entries.Select(e => e.Name));
        Assert.Contains("later.md", again.Entries.Select(e => e.Name));
    }

    [Theory]
    [InlineData(SourceListing.MaxHeldEntries)]
    [InlineData(10)]
    public async Task Nothing_is_held_once_the_walk_has_passed_whether_it_was_ahead_or_behind(int maxHeld)
    {
        var source = _temp.Sub("Wide");
        for (var folder = 0; folder < 40; folder++)
        {
            for (var file = 0; file < 5; file++)
            {
                Write(source, $"f{folder:D2}/n{file}.md", 10 + file);
            }
        }

        var counters = new BackupCounters();
        await using var listing = SourceListing.Start([new SourcePath(source, "Wide")], new ExcludeFilter([]), counters, None, maxHeld);
        var root = listing.Take(source, "");
        var taken = Enumerable.Range(0, 40).Select(i => listing.Take(Path.Join(source, $"f{i:D2}"), $"f{i:D2}")).ToList();
        await listing.Completion;

        Assert.Equal(40, root.Entries.Count);
        Assert.All(taken, t => Assert.Equal(5, t.Entries.Count));
        Assert.Equal(0, listing.HeldEntries);
        Assert.Equal((200L, 200 * 12L), (counters.Read(0).FilesTotal, counters.Read(0).BytesTotal));
    }

    [Fact]
    public async Task A_source_inside_another_is_counted_as_the_backup_stores_it_and_held_once()
    {
        var source = _temp.Sub("Nested");
        Write(source, "top.md", 100);
        Write(source, "notes/a.md", 20);
        Write(source, "notes/deeper/b.md", 30);
        var notes = Path.Join(source, "notes");
        var counters = new BackupCounters();
        await using var listing = SourceListing.Start([new SourcePath(source, "Nested"), new SourcePath(notes, "notes")], new ExcludeFilter([]), counters, None);
        await listing.Completion;
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "a", TimeProvider.System, None);
        var stored = (await new BackupRunner(repository, new BackupOptions { Paths = [source, notes], Host = "a" }).RunAsync(None)).Snapshot.Summary;

        listing.Take(source, "");
        listing.Take(notes, "notes");
        listing.Take(Path.Join(notes, "deeper"), "notes/deeper");

        Assert.Equal((5L, 200L), (stored.Files, stored.Bytes));
        Assert.Equal((stored.Files, stored.Bytes), (counters.Read(0).FilesTotal, counters.Read(0).BytesTotal));
        Assert.Equal(0, listing.HeldEntries);
    }

    [Fact]
    public async Task The_read_ahead_stops_where_the_walk_stops_nesting_and_the_backup_says_so()
    {
        // One-letter folders, more levels than a snapshot holds: the path stays within Linux's PATH_MAX.
        var source = _temp.Sub("Deep");
        var deepest = Path.Join([source, .. Enumerable.Repeat("d", TreeDepth.Max + 4)]);
        Directory.CreateDirectory(deepest);
        File.WriteAllText(Path.Join(deepest, "bottom.md"), "too deep to store");
        var counters = new BackupCounters();
        await using var listing = SourceListing.Start([new SourcePath(source, "Deep")], new ExcludeFilter([]), counters, None);
        await listing.Completion;
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "a", TimeProvider.System, None);

        var result = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);
        var (folder, relative) = (source, "");
        while (!TreeDepth.TooDeepToBackUp(relative))
        {
            listing.Take(folder, relative);
            (folder, relative) = (Path.Join(folder, "d"), relative.Length == 0 ? "d" : relative + "/d");
        }

        Assert.Contains(result.Problems, p => p.Message.Contains($"nested more than {TreeDepth.Max} levels deep", StringComparison.Ordinal));
        Assert.Equal(0, listing.HeldEntries);
        Assert.Equal(0, counters.Read(0).FilesTotal);
    }

    public void Dispose() => _temp.Dispose();

    private string OddTree()
    {
        var source = _temp.Sub("App");
        OddNamesTree.Write(source);
        Write(source, "notes/2026/today.md", 1_234);
        Write(source, "notes/empty.md", 0);
        Write(source, "db/app.sqlite", 70_000);
        Write(source, "scratch.tmp", 5_000);
        Write(source, "Cache/blob.bin", 90_000);
        File.CreateSymbolicLink(Path.Join(source, "to-notes"), Path.Join(source, "notes"));
        File.CreateSymbolicLink(Path.Join(source, "notes", "to-today"), "2026/today.md");
        return source;
    }

    private static void Write(string root, string relative, int size)
    {
        var path = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
    }

    private static async Task<SnapshotSummary> BackupSummaryAsync(string source)
    {
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "a", TimeProvider.System, None);
        var result = await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a", Excludes = Excludes }).RunAsync(None);
        return result.Snapshot.Summary;
    }
}
