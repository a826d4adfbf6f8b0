using Ferry.Maintenance;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Locks;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Storage.Local;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// The committed format v1 repository, read through the engine. Every later version must pass these
/// unchanged: a failure means existing repositories would no longer open, list, restore or check.
/// </summary>
public sealed class FormatV1RepositoryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FormatV1Fixture _fixture = new();

    private static FormatV1Manifest Manifest => FormatV1Fixture.Manifest;

    public static TheoryData<string> SnapshotIds()
    {
        var ids = new TheoryData<string>();
        foreach (var snapshot in FormatV1Fixture.Manifest.Snapshots)
        {
            ids.Add(snapshot.Id);
        }

        return ids;
    }

    [Fact]
    public async Task It_opens_with_its_password()
    {
        var repository = await _fixture.OpenAsync();

        Assert.Equal(Manifest.RepositoryId, repository.Id);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_the_usual_message()
    {
        var store = new LocalObjectStore(_fixture.Repository);

        var refused = await Assert.ThrowsAsync<WrongPasswordException>(() => FerryRepository.OpenAsync(store, "not the fixture password", TimeProvider.System, None));

        Assert.StartsWith($"wrong password for the repository at {store.Location}", refused.Message);
    }

    [Fact]
    public async Task Its_snapshots_are_listed_newest_first_as_they_were_recorded()
    {
        var repository = await _fixture.OpenAsync();

        var listing = await repository.ListSnapshotsCheckedAsync(None);

        Assert.Empty(listing.Damaged);
        FormatV1Assert.ListsAsRecorded(listing.Snapshots.Select(FormatV1Assert.Describe));
    }

    [Theory]
    [MemberData(nameof(SnapshotIds))]
    public async Task Each_snapshot_lists_its_entries_as_they_were_recorded(string id)
    {
        var repository = await _fixture.OpenAsync();
        var snapshot = await repository.FindSnapshotAsync(id[..8], null, None);

        var listed = new List<EntryRecord>();
        await foreach (var (path, node) in SnapshotBrowser.WalkAsync(repository, snapshot.Snapshot, null, None))
        {
            listed.Add(FormatV1Assert.Describe(path, node));
        }

        FormatV1Assert.SameEntries(Manifest.Snapshot(id).Entries.Select(e => e with { Sha256 = null }), listed.OrderBy(e => e.Path, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SnapshotIds))]
    public async Task Each_snapshot_restores_byte_identical_with_its_modes_times_and_links(string id)
    {
        var repository = await _fixture.OpenAsync();

        await FormatV1Assert.RestoresAsRecordedAsync(repository, Manifest.Snapshot(id), _fixture.Sub("restored"));
    }

    [Fact]
    public async Task A_check_that_reads_every_pack_finds_nothing_wrong()
    {
        var repository = await _fixture.OpenAsync();

        var result = await new Checker(repository, new CheckOptions { ReadDataPercent = 100 }).RunAsync(None);

        Assert.Empty(result.Problems);
        Assert.Equal(Manifest.Snapshots.Count, result.Snapshots);
        Assert.Equal(Manifest.Packs, result.Packs);
        Assert.Equal(Manifest.Packs, result.PacksRead);
    }

    [Fact]
    public async Task Its_lock_is_read_and_honoured_while_fresh_a_prune_waits_and_a_backup_may_run()
    {
        var held = Manifest.Lock;
        // Locks are judged by the server's clock: a directory's server is the file's modification time,
        // which a checkout sets to whenever it ran. The server wrote this one a minute ago.
        File.SetLastWriteTimeUtc(Path.Combine(_fixture.Repository, held.Key), TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var repository = await _fixture.OpenAsync(new FakeTimeProvider(held.Refreshed.AddMinutes(1)));

        var refused = await Assert.ThrowsAsync<RepositoryLockedException>(() => RepositoryLock.AcquireAsync(repository, LockKind.Exclusive, "prune", TimeSpan.Zero, None));
        await using var shared = await RepositoryLock.AcquireAsync(repository, LockKind.Shared, "backup", TimeSpan.Zero, None);

        Assert.Contains($"{held.Operation} on {held.Host} (since ", refused.Message);
        Assert.True(File.Exists(Path.Combine(_fixture.Repository, held.Key)));
    }

    [Fact]
    public async Task It_holds_its_index_objects_and_data_blobs_stored_raw_and_compressed_and_compressed_tree_blobs_in_packs_of_one_kind()
    {
        var repository = await _fixture.OpenAsync();

        var packs = await FormatV1Generator.ReadPackHeadersAsync(repository, None);
        var encodings = new HashSet<(BlobType, byte)>();
        foreach (var pack in packs)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_fixture.Repository, PackNames.KeyOf(pack.Id)));
            Assert.Single(pack.Blobs.Select(b => b.Type).Distinct());
            foreach (var blob in pack.Blobs)
            {
                var frame = Aead.Open(repository.Key.EncryptionKey, bytes.AsSpan((int)blob.Offset, (int)blob.Length), "blob");
                encodings.Add((blob.Type, frame[0]));
            }
        }

        Assert.Equal(Manifest.IndexObjects, Directory.GetFiles(Path.Combine(_fixture.Repository, "index")).Length);
        Assert.Equal(Manifest.Packs, packs.Count);
        Assert.Equal(Manifest.DataPacks, packs.Count(p => p.Blobs[0].Type == BlobType.Data));
        Assert.Equal(Manifest.TreePacks, packs.Count(p => p.Blobs[0].Type == BlobType.Tree));
        Assert.Equal([(BlobType.Data, (byte)0), (BlobType.Data, (byte)1), (BlobType.Tree, (byte)1)], encodings.Order());
    }

    public void Dispose() => _fixture.Dispose();
}
