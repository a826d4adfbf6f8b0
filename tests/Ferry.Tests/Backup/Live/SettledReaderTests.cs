using Ferry.Backup;
using Ferry.Backup.Live;
using Ferry.Repository.Chunking;
using Ferry.Repository.Packs;
using Ferry.Repository.Trees;
using Ferry.Testing;

namespace Ferry.Tests.Backup.Live;

public sealed class SettledReaderTests : IDisposable
{
    private static readonly FileProblem Unsettled = new("set", "never stood still");
    private readonly TempFolder _temp = new();
    private readonly LiveRepository _repository = new();

    [Fact]
    public async Task A_set_that_moved_while_it_was_read_is_read_again_and_stored_as_it_then_stood()
    {
        var folder = LevelDbFolder(generation: 1);
        var listings = 0;
        IReadOnlyList<string> Names()
        {
            // The listing taken after the first read sees the writer's next generation.
            if (++listings == 2)
            {
                WriteGeneration(folder, 2);
            }

            return Files(folder);
        }

        var capture = await ReadAsync(folder, Names, attempts: 5);

        Assert.Null(capture.Problem);
        Assert.Equal(4, listings);
        Assert.Equal(["000002.ldb", "000002.log", "CURRENT", "LOCK", "MANIFEST-000002"], capture.Files.Keys.Order(StringComparer.Ordinal));
        Assert.All(capture.Files.Values, f => Assert.Equal(File.ReadAllBytes(Path.Combine(folder, f.Node!.Name)).Length, f.Node.Size));
    }

    [Fact]
    public async Task A_set_that_never_stands_still_is_read_a_bounded_number_of_times_and_reported()
    {
        var folder = LevelDbFolder(generation: 1);
        var listings = 0;
        IReadOnlyList<string> Names()
        {
            File.AppendAllText(Path.Combine(folder, Files(folder).First(n => n.EndsWith(".log", StringComparison.Ordinal))), $"record {++listings}\n");
            return Files(folder);
        }

        var capture = await ReadAsync(folder, Names, attempts: 3);

        Assert.Same(Unsettled, capture.Problem);
        Assert.Equal(6, listings);
        Assert.Equal(5, capture.Files.Count);
    }

    [Fact]
    public async Task A_file_that_changed_once_while_it_was_read_is_stored_as_it_then_stood()
    {
        var folder = _temp.Sub("files");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "settings.json"), "{\"theme\":\"dark\"}");
        var listings = 0;
        IReadOnlyList<string> Names()
        {
            if (++listings == 2)
            {
                File.WriteAllText(Path.Combine(folder, "settings.json"), "{\"theme\":\"light\",\"font\":14}");
            }

            return ["settings.json"];
        }

        var capture = await ReadAsync(folder, Names, attempts: 3);

        Assert.Null(capture.Problem);
        Assert.Equal(new FileInfo(Path.Combine(folder, "settings.json")).Length, capture.Files["settings.json"].Node!.Size);
    }

    [Fact]
    public void Only_a_folder_with_CURRENT_and_a_MANIFEST_is_one_LevelDB_set()
    {
        var leveldb = FileGroups.Plan("db", ["000005.ldb", "000007.log", "CURRENT", "LOCK", "LOG", "MANIFEST-000006"]);
        var plain = FileGroups.Plan("notes", ["CURRENT", "a.md", "b.md"]);
        var sqlite = FileGroups.Plan("data", ["agents.db", "agents.db-shm", "agents.db-wal", "config.json"]);

        Assert.Single(leveldb.Values.Distinct());
        Assert.Equal(FileGroupKind.LevelDb, leveldb["LOCK"].Kind);
        Assert.All(plain.Values, g => Assert.Equal(FileGroupKind.Single, g.Kind));
        Assert.Equal(["agents.db", "agents.db-wal", "agents.db-shm"], sqlite["agents.db-wal"].Names);
        Assert.Equal(FileGroupKind.Single, sqlite["config.json"].Kind);
    }

    [Fact]
    public void A_LevelDB_folder_whose_only_listed_MANIFEST_was_removed_before_its_stat_is_still_one_set()
    {
        // Listed during a compaction: the new MANIFEST did not exist yet, the old one was gone by its stat.
        var groups = FileGroups.Plan("db", ["000010.ldb", "CURRENT", "LOCK"], vanished: ["000009.ldb", "000009.log", "MANIFEST-000009"]);

        Assert.Single(groups.Values.Distinct());
        Assert.Equal(FileGroupKind.LevelDb, groups["CURRENT"].Kind);
    }

    [Fact]
    public async Task A_LevelDB_folder_is_backed_up_and_restored_as_one_set()
    {
        var source = _temp.Sub("App");
        var folder = Path.Combine(source, "IndexedDB", "file__0.indexeddb.leveldb");
        Directory.CreateDirectory(folder);
        WriteGeneration(folder, 7);

        var backup = await _repository.BackupAsync(source);
        await _repository.RestoreAsync(backup.SnapshotId, _temp.Sub("restored"));

        Assert.Empty(backup.Problems);
        TreeAssert.Identical(source, _temp.Sub("restored"));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<GroupCapture> ReadAsync(string folder, Func<IReadOnlyList<string>> names, int attempts)
    {
        var repository = await _repository.OpenAsync();
        var config = repository.Config;
        var index = await repository.LoadIndexAsync(CancellationToken.None);
        var saver = new BlobSaver(repository, index, 1, 1, CancellationToken.None);
        await using (saver)
        {
            var chunker = new FileChunker(new FastCdc(config.ChunkerSeed, config.ChunkerMin, config.ChunkerAvg, config.ChunkerMax), repository.Key, saver, new BackupCounters());
            var reader = new SettledReader(chunker, (_, _) => false);
            var capture = await reader.ReadAsync(folder, names, new Dictionary<string, TreeNode>(), attempts, Unsettled, CancellationToken.None);
            await saver.FlushAsync();
            return capture;
        }
    }

    private string LevelDbFolder(int generation)
    {
        var folder = _temp.Sub("leveldb");
        Directory.CreateDirectory(folder);
        WriteGeneration(folder, generation);
        return folder;
    }

    /// <summary>What LevelDB does on a compaction: new table, log and manifest, CURRENT switched, the old files removed.</summary>
    private static void WriteGeneration(string folder, int n)
    {
        var old = Files(folder).Where(f => f.StartsWith("00", StringComparison.Ordinal) || f.StartsWith("MANIFEST-", StringComparison.Ordinal)).ToList();
        File.WriteAllText(Path.Combine(folder, $"{n:d6}.ldb"), string.Concat(Enumerable.Repeat($"table of generation {n}\n", 5000)));
        File.WriteAllText(Path.Combine(folder, $"{n:d6}.log"), $"log of generation {n}\n");
        File.WriteAllText(Path.Combine(folder, $"MANIFEST-{n:d6}"), $"manifest of generation {n}\n");
        File.WriteAllText(Path.Combine(folder, "CURRENT"), $"MANIFEST-{n:d6}\n");
        File.WriteAllText(Path.Combine(folder, "LOCK"), "");
        foreach (var file in old.Where(f => !f.Contains($"{n:d6}", StringComparison.Ordinal)))
        {
            File.Delete(Path.Combine(folder, file));
        }
    }

    private static List<string> Files(string folder) =>
        [.. Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
