using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Backup;
using Ferry.Repository;
using Ferry.Repository.Chunking;
using Ferry.Repository.Index;
using Ferry.Repository.Locks;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Storage.Local;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// How tests/Fixtures/format-v1 was made, with the code of format v1: a repository in a local folder,
/// three snapshots from two devices, a lock left behind, and the manifest. The tests never run this
/// to get the fixture: they read the committed bytes. Run again on a later version it makes that
/// version's format, so it never replaces the v1 fixture (see its README).
/// </summary>
internal static class FormatV1Generator
{
    public const string Laptop = "ann-laptop";
    public const string Desktop = "bob-desktop";

    private static readonly DateTimeOffset Created = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the sources under <paramref name="sources"/>, and <c>repository/</c> and <c>manifest.json</c> under <paramref name="output"/>.</summary>
    public static async Task<FormatV1Manifest> GenerateAsync(string sources, string output, CancellationToken cancellationToken)
    {
        var store = new LocalObjectStore(Path.Combine(output, "repository"));
        var time = new FakeTimeProvider(Created);
        var repository = await FerryRepository.InitAsync(store, FormatV1Fixture.Password, Laptop, time, cancellationToken);

        var app = Path.Combine(sources, "laptop", "App");
        FormatV1Sources.WriteLaptopApp(app, StoreDbCutSeveralTimes(repository.Config));
        var first = await BackupAsync(store, time, Created.AddMinutes(30).AddMilliseconds(250), new BackupOptions { Paths = [app], Host = Laptop }, cancellationToken);
        var firstEntries = EntryRecord.Describe(app);

        FormatV1Sources.ChangeLaptopApp(app);
        var tagged = new BackupOptions { Paths = [app], Host = Laptop, Tags = ["daily", "before-upgrade"] };
        var second = await BackupAsync(store, time, Created.AddDays(1).AddHours(12).AddSeconds(10), tagged, cancellationToken);
        var secondEntries = EntryRecord.Describe(app);

        var desktop = Path.Combine(sources, "desktop");
        FormatV1Sources.WriteDesktop(Path.Combine(desktop, "Notes"), Path.Combine(desktop, "Settings"));
        var bothFolders = new BackupOptions { Paths = [Path.Combine(desktop, "Notes"), Path.Combine(desktop, "Settings")], Host = Desktop };
        var third = await BackupAsync(store, time, Created.AddDays(2).AddHours(9), bothFolders, cancellationToken);
        var thirdEntries = EntryRecord.Describe(desktop);

        var held = await LeaveLockAsync(repository, Created.AddDays(3), cancellationToken);
        var packs = await ReadPackHeadersAsync(repository, cancellationToken);
        var manifest = new FormatV1Manifest(
            repository.Id,
            packs.Count,
            packs.Count(p => p.Blobs.All(b => b.Type == BlobType.Data)),
            packs.Count(p => p.Blobs.All(b => b.Type == BlobType.Tree)),
            await CountAsync(store, FerryRepository.IndexPrefix, cancellationToken),
            held,
            [
                await RecordAsync(repository, first, firstEntries, cancellationToken),
                await RecordAsync(repository, second, secondEntries, cancellationToken),
                await RecordAsync(repository, third, thirdEntries, cancellationToken),
            ]);
        manifest.Write(Path.Combine(output, "manifest.json"));
        return manifest;
    }

    /// <summary>One backup as one command would run it: the repository opened afresh, the clock at <paramref name="at"/>.</summary>
    private static async Task<string> BackupAsync(LocalObjectStore store, FakeTimeProvider time, DateTimeOffset at, BackupOptions options, CancellationToken cancellationToken)
    {
        time.SetUtcNow(at);
        var repository = await FerryRepository.OpenAsync(store, FormatV1Fixture.Password, time, cancellationToken);
        var result = await new BackupRunner(repository, options).RunAsync(cancellationToken);
        Assert.Empty(result.Problems);
        return result.SnapshotId;
    }

    /// <summary>The first store.db variant this repository's chunker cuts into at least three chunks.</summary>
    private static byte[] StoreDbCutSeveralTimes(RepositoryConfig config)
    {
        var chunker = new FastCdc(config.ChunkerSeed, config.ChunkerMin, config.ChunkerAvg, config.ChunkerMax);
        for (var variant = 0; variant < 100_000; variant++)
        {
            var bytes = FormatV1Sources.StoreDb(variant);
            var chunks = 0;
            for (var offset = 0; offset < bytes.Length; chunks++)
            {
                offset += chunker.NextCut(bytes.AsSpan(offset));
            }

            if (chunks >= 3)
            {
                return bytes;
            }
        }

        throw new InvalidOperationException("no store.db variant is cut three times by this repository's chunker");
    }

    /// <summary>A shared lock as a backup on the laptop writes it, left as a killed backup would leave it.</summary>
    private static async Task<LockRecord> LeaveLockAsync(FerryRepository repository, DateTimeOffset created, CancellationToken cancellationToken)
    {
        var info = new LockInfo { Kind = LockKind.Shared, Operation = "backup", Host = Laptop, ProcessId = 4242, Created = created, Refreshed = created.AddMinutes(4) };
        var key = RepositoryLock.Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await repository.Objects.SaveNamedAsync(key, JsonSerializer.SerializeToUtf8Bytes(info, FormatJson.Default.LockInfo), cancellationToken);
        return new LockRecord(key, info.Kind.ToString(), info.Operation, info.Host, info.ProcessId, info.Created, info.Refreshed);
    }

    private static async Task<SnapshotRecord> RecordAsync(FerryRepository repository, string id, List<EntryRecord> source, CancellationToken cancellationToken)
    {
        var s = (await repository.FindSnapshotAsync(id, null, cancellationToken)).Snapshot;
        var chunks = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var (path, node) in SnapshotBrowser.WalkAsync(repository, s, null, cancellationToken))
        {
            if (node.Type == NodeType.File)
            {
                chunks[path] = node.Content!.Count;
            }
        }

        var m = s.Summary;
        return new SnapshotRecord(
            id, s.Time, s.Host, s.Os, s.User, s.Paths, s.Tags, s.Parent,
            new SummaryRecord(m.Files, m.Dirs, m.Bytes, m.AddedBytes, m.NewFiles, m.ChangedFiles, m.UnchangedFiles, m.DurationMs),
            [.. source.Select(e => e.Type == "file" ? e with { Chunks = chunks[e.Path] } : e)]);
    }

    /// <summary>Every pack's blobs, from the packs' own headers.</summary>
    internal static async Task<List<IndexedPack>> ReadPackHeadersAsync(FerryRepository repository, CancellationToken cancellationToken)
    {
        var packs = new List<IndexedPack>();
        await foreach (var o in repository.Store.ListAsync(PackNames.Prefix, cancellationToken))
        {
            packs.Add(await PackReader.ReadHeaderAsync(repository, o, cancellationToken));
        }

        return packs;
    }

    private static async Task<int> CountAsync(LocalObjectStore store, string prefix, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in store.ListAsync(prefix, cancellationToken))
        {
            count++;
        }

        return count;
    }
}
