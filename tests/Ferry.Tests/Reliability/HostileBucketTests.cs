using System.Buffers.Binary;
using System.Security.Cryptography;
using Ferry.Backup;
using Ferry.Maintenance;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Tests.Storage;

namespace Ferry.Tests.Reliability;

/// <summary>
/// Someone who can write to the bucket but has no key (a leaked access key, a careless sync tool, the
/// provider) puts old objects back or copies a pack's header beside other bytes. Backups must not skip
/// chunks on such evidence, and prune must not keep a copy it has not verified: restores stay exact.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileBucketTests : IDisposable
{
    private const string Password = "a long enough test password";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task An_old_index_object_put_back_after_a_prune_does_not_make_a_backup_skip_chunks()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "a", TimeProvider.System, None);
        var source = Source();
        var first = await BackupAsync(repository, source);
        var oldIndex = await CopiesAsync("index/");
        await repository.DeleteSnapshotAsync(first, None);
        await new Pruner(repository, new PruneOptions()).RunAsync(None);
        Assert.Empty(await CopiesAsync("data/"));

        foreach (var (key, bytes) in oldIndex)
        {
            await _store.PutAsync(key, bytes, None);
        }

        var reopened = await FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None);
        var second = await BackupAsync(reopened, source);

        await AssertRestoresAsync(second, source);
    }

    [Fact]
    public async Task A_pack_header_copied_beside_other_bytes_does_not_make_a_backup_skip_chunks()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "a", TimeProvider.System, None);
        var source = Source();
        var first = await BackupAsync(repository, source);
        var packs = await CopiesAsync("data/");
        await repository.DeleteSnapshotAsync(first, None);
        await new Pruner(repository, new PruneOptions()).RunAsync(None);

        foreach (var (_, bytes) in packs)
        {
            var fake = HeaderBesideNoise(bytes);
            await _store.PutAsync(PackNames.KeyOf(new ChunkId(SHA256.HashData(fake))), fake, None);
        }

        var reopened = await FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None);
        var second = await BackupAsync(reopened, source);

        await AssertRestoresAsync(second, source);
    }

    [Fact]
    public async Task Prune_keeps_the_copy_it_verified_not_the_first_one_an_index_names()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "a", TimeProvider.System, None);
        var source = Source();
        var snapshot = await BackupAsync(repository, source);
        var (packKey, bytes) = (await CopiesAsync("data/")).MaxBy(p => p.Value.Length);
        Assert.True(PackNames.TryParseKey(packKey, out var genuine));
        var blobs = PackHeader.OpenWhole(repository.Key, bytes, "genuine");
        // A second copy of every blob of the largest pack, listed first (a smaller id) in an index object
        // that a device holding the key wrote, over bytes that are not those blobs.
        byte[] fake;
        do
        {
            fake = HeaderBesideNoise(bytes);
        }
        while (new ChunkId(SHA256.HashData(fake)).CompareTo(genuine) >= 0);

        var fakeId = new ChunkId(SHA256.HashData(fake));
        await _store.PutAsync(PackNames.KeyOf(fakeId), fake, None);
        await IndexLoader.SaveAsync(repository, [new IndexedPack(fakeId, fake.Length, blobs)], None);

        await new Pruner(repository, new PruneOptions()).RunAsync(None);

        await AssertRestoresAsync(snapshot, source);
        Assert.NotNull(await _store.StatAsync(packKey, None));
    }

    [Fact]
    public async Task Planted_key_files_cost_neither_memory_nor_a_failed_command()
    {
        var watching = new WatchingStore(_store);
        await FerryRepository.InitAsync(watching, Password, "a", TimeProvider.System, None);
        var genuine = (await CopiesAsync("keys/")).Single().Value;
        // Named to be read first: keys are tried in name order, and a space sorts before any digit.
        _store.Plant("keys/ not a key name", genuine);
        await _store.PutAsync("keys/" + new string('0', 64), new byte[64 * 1024 * 1024], None);
        await PlantKeyAsync(genuine, memoryKiB: 512 * 1024);

        var opened = await FerryRepository.OpenAsync(watching, Password, TimeProvider.System, None);

        Assert.NotNull(opened);
        Assert.True(watching.BytesRead.GetValueOrDefault("keys") < 1024 * 1024, $"read {watching.BytesRead.GetValueOrDefault("keys")} bytes of keys/");
    }

    [Fact]
    public async Task A_key_file_asking_for_more_memory_than_Ferry_allows_is_refused_without_trying_it()
    {
        await FerryRepository.InitAsync(_store, Password, "a", TimeProvider.System, None);
        var (key, genuine) = (await CopiesAsync("keys/")).Single();
        await _store.DeleteAsync(key, None);
        await PlantKeyAsync(genuine, memoryKiB: 512 * 1024);

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None));

        Assert.Contains("argon2id parameters", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A copy of a genuine key file asking for other Argon2 memory, under its own name, as anyone can write it (key files are plain JSON).</summary>
    private async Task PlantKeyAsync(byte[] genuine, long memoryKiB)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(genuine)!;
        json["memory_kib"] = memoryKiB;
        var bytes = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        await _store.PutAsync("keys/" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, None);
    }

    private string Source()
    {
        var source = _temp.Sub("App");
        if (!Directory.Exists(source))
        {
            SampleTree.Write(source);
        }

        return source;
    }

    /// <summary>The pack's own sealed header and trailer after random bytes of the same length as its blobs.</summary>
    private static byte[] HeaderBesideNoise(byte[] pack)
    {
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(pack.AsSpan(pack.Length - 4));
        var fake = (byte[])pack.Clone();
        RandomNumberGenerator.Fill(fake.AsSpan(0, pack.Length - 4 - headerLength));
        return fake;
    }

    private async Task AssertRestoresAsync(string snapshotId, string source)
    {
        var reopened = await FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None);
        var target = _temp.Sub($"restored-{snapshotId[..8]}");
        var result = await new RestoreRunner(reopened, await reopened.FindSnapshotAsync(snapshotId, null, None), new RestoreOptions { Target = target }).RunAsync(None);
        Assert.Empty(result.Problems);
        TreeAssert.Identical(source, target);
    }

    private static async Task<string> BackupAsync(FerryRepository repository, string source) =>
        (await new BackupRunner(repository, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None)).SnapshotId;

    private async Task<Dictionary<string, byte[]>> CopiesAsync(string prefix)
    {
        var copies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var o in _store.ListAsync(prefix, None))
        {
            copies[o.Key] = await _store.GetAsync(o.Key, None);
        }

        return copies;
    }

    public void Dispose() => _temp.Dispose();
}
