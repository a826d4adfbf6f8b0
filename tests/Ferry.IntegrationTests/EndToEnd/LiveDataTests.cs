using System.Text;
using System.Text.Json;
using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Apps;
using Ferry.Testing.Backup;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;
using Xunit.Abstractions;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Backups of an app that keeps writing: a separate writer process changes two SQLite databases
/// (WAL and rollback journal) and a LevelDB folder while the real ferry backs up to Ceph; every
/// restored database must be whole and consistent, every restored LevelDB folder one the writer made.
/// </summary>
public sealed class LiveDataTests(CephFixture ceph, ITestOutputHelper output) : IClassFixture<CephFixture>, IDisposable
{
    private static readonly string Writer = Path.Combine(SourceTree.Root, "tests", "Ferry.IntegrationTests", "EndToEnd", "live_writer.py");
    private readonly Device _a = new("laptop-a");
    private readonly Device _b = new("desktop-b");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task Backups_taken_while_a_writer_changes_databases_and_LevelDB_restore_consistent_data()
    {
        var data = _a.Path("home/.config/CherryStudio");
        _a.UseS3(Bucket);
        _b.UseS3(Bucket);
        var snapshots = new List<string>();
        using (await HelperProcess.StartAsync("python3", Writer, data, "--mb", "16"))
        {
            for (var i = 0; i < 3; i++)
            {
                var backup = await _a.RunAsync("backup", data, "--json");
                Assert.True(backup.ExitCode == 0, backup.ToString());
                var summary = JsonDocument.Parse(backup.Stdout).RootElement;
                snapshots.Add(summary.GetProperty("snapshot").GetProperty("id").GetString()!);
                output.WriteLine($"backup {i + 1} of the live folder: {summary.GetProperty("duration_ms").GetInt64()} ms, {summary.GetProperty("snapshot").GetProperty("bytes").GetInt64() / 1024} KiB");
            }
        }

        foreach (var id in snapshots)
        {
            var target = _b.Path($"restored-{id[..8]}");
            var restore = await _b.RunAsync("restore", id[..8], "--to", target);

            Assert.True(restore.ExitCode == 0, restore.ToString());
            // Checked before the databases are opened: opening one in WAL mode creates its -wal.
            Assert.Equal(["agents.db"], Directory.GetFiles(Path.Combine(target, "Data")).Select(Path.GetFileName));
            AssertConsistent(Path.Combine(target, "Data", "agents.db"));
            AssertConsistent(Path.Combine(target, "Data", "KnowledgeBase", "kb.sqlite"));
            AssertOneGeneration(Path.Combine(target, "IndexedDB", "file__0.indexeddb.leveldb"));
        }
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static void AssertConsistent(string db)
    {
        Assert.Equal("ok", SqliteDb.IntegrityCheck(db));
        using var connection = SqliteDb.Open(db, Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly);
        var rows = (long)SqliteDb.Scalar(connection, "select count(*) from messages")!;
        var total = (long)SqliteDb.Scalar(connection, "select total from state")!;
        Assert.True(rows == total, $"{db}: {rows} messages but state says {total}: not one committed moment");
    }

    /// <summary>CURRENT names a generation whose manifest and table are whole; every other file is a whole file of the generation before or after.</summary>
    private static void AssertOneGeneration(string folder)
    {
        var current = File.ReadAllText(Path.Combine(folder, "CURRENT"));
        var n = int.Parse(current["MANIFEST-".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Expected($"MANIFEST-{n:d6}", n), File.ReadAllBytes(Path.Combine(folder, $"MANIFEST-{n:d6}")));
        Assert.Equal(Expected($"{n:d6}.ldb", n), File.ReadAllBytes(Path.Combine(folder, $"{n:d6}.ldb")));
        foreach (var file in Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>())
        {
            if (file is "CURRENT" or "LOCK")
            {
                continue;
            }

            if (file == "CURRENT.tmp")
            {
                Assert.StartsWith("MANIFEST-", File.ReadAllText(Path.Combine(folder, file)));
                continue;
            }

            var m = int.Parse(file.Replace("MANIFEST-", "", StringComparison.Ordinal)[..6], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(m, n - 1, n + 1);
            var content = File.ReadAllBytes(Path.Combine(folder, file));
            var expected = Expected(file, m);
            if (file.EndsWith(".log", StringComparison.Ordinal))
            {
                Assert.True(expected.AsSpan().StartsWith(content) && (content.Length == 0 || content[^1] == '\n'), $"{file} is not a log the writer wrote");
            }
            else
            {
                Assert.True(expected.AsSpan().SequenceEqual(content), $"{file} is not whole");
            }
        }
    }

    /// <summary>The writer's content for a file of generation <paramref name="n"/> (live_writer.py, expected()).</summary>
    private static byte[] Expected(string name, int n) =>
        name.EndsWith(".ldb", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"table of generation {n}\n", 20000)))
        : name.StartsWith("MANIFEST-", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes($"manifest of generation {n}\n")
        : Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => $"generation {n} record {i}\n")));
}
