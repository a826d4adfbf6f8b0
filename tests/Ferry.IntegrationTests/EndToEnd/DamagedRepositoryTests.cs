using System.Security.Cryptography;
using Ferry.Storage;
using Ferry.Storage.S3;
using Ferry.Testing.Processes;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Another S3 client deletes or changes an object behind Ferry's back. A restore must name every
/// file it could not restore, restore the rest exactly, exit non-zero, and leave nothing silently wrong.
/// </summary>
public sealed class DamagedRepositoryTests(CephFixture ceph) : IClassFixture<CephFixture>, IDisposable
{
    private readonly Device _device = new("laptop-a");

    private S3Settings Bucket { get; } = ceph.Settings with { Root = S3ServerFixture.UniqueRoot() };

    [Fact]
    public async Task A_deleted_pack_is_reported_with_the_files_it_affects()
    {
        var (source, store) = await BackUpAsync();
        var pack = await LargestPackAsync(store);
        await store.DeleteAsync(pack.Key, CancellationToken.None);

        await AssertRestoreReportsDamageAsync(source, pack.Key, "missing");
    }

    [Fact]
    public async Task A_pack_with_one_flipped_byte_is_reported_with_the_files_it_affects()
    {
        var (source, store) = await BackUpAsync();
        var pack = await LargestPackAsync(store);
        var bytes = await store.GetAsync(pack.Key, CancellationToken.None);
        bytes[bytes.Length / 3] ^= 0x40;
        await store.PutAsync(pack.Key, bytes, CancellationToken.None);

        await AssertRestoreReportsDamageAsync(source, pack.Key, "failed authentication");
    }

    [Fact]
    public async Task A_pack_cut_short_is_reported_with_the_files_it_affects()
    {
        var (source, store) = await BackUpAsync();
        var pack = await LargestPackAsync(store);
        var bytes = await store.GetAsync(pack.Key, CancellationToken.None);
        await store.PutAsync(pack.Key, bytes.AsMemory(0, bytes.Length / 2), CancellationToken.None);

        await AssertRestoreReportsDamageAsync(source, pack.Key, "shorter than the range");
    }

    [Fact]
    public async Task Check_read_data_names_a_pack_changed_by_another_client_and_the_files_it_affects()
    {
        var (_, store) = await BackUpAsync();
        var pack = await LargestPackAsync(store);
        var bytes = await store.GetAsync(pack.Key, CancellationToken.None);
        bytes[bytes.Length / 2] ^= 0x01;
        await store.PutAsync(pack.Key, bytes, CancellationToken.None);

        var structure = await _device.RunAsync("check");
        var subset = await _device.RunAsync("check", "--read-data-subset", "100%");
        var full = await _device.RunAsync("check", "--read-data");

        Assert.True(structure.ExitCode == 0, structure.ToString());
        foreach (var run in new[] { subset, full })
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"damaged {pack.Key}", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("affects ", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("/AppData/", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_snapshot_replaced_by_another_valid_snapshot_is_caught()
    {
        var (source, store) = await BackUpAsync();
        Assert.Equal(0, (await _device.RunAsync("backup", source, "--tag", "second")).ExitCode);
        var snapshots = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync("snapshots/", CancellationToken.None))
        {
            snapshots.Add(o);
        }

        await store.PutAsync(snapshots[0].Key, await store.GetAsync(snapshots[1].Key, CancellationToken.None), CancellationToken.None);
        var check = await _device.RunAsync("check");
        using var other = new Device("desktop-b");
        var list = await other.UseS3(Bucket).RunAsync("list");

        // check reads the bucket, not this device's cache; another device (no cache) sees it at once.
        foreach (var run in new[] { check, list })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(snapshots[0].Key, run.Stderr, StringComparison.Ordinal);
            Assert.Contains("changed or replaced", run.Stderr, StringComparison.Ordinal);
        }

        Assert.Contains(snapshots[1].Key[("snapshots/".Length)..][..8], list.Stdout, StringComparison.Ordinal);
    }

    private async Task<(string Source, IObjectStore Store)> BackUpAsync()
    {
        var source = _device.Path("AppData");
        AppData.Generate(source, megabytes: 24);
        _device.UseS3(Bucket);
        var backup = await _device.RunAsync("backup", source);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return (source, ceph.Open(Bucket));
    }

    private async Task AssertRestoreReportsDamageAsync(string source, string packKey, string reason)
    {
        var target = _device.Path("restored");
        var restore = await _device.RunAsync("restore", "latest", "--to", target);

        Assert.True(restore.ExitCode == 1, restore.ToString());
        var lost = restore.Stderr.Split('\n')
            .Where(l => l.StartsWith("not restored ", StringComparison.Ordinal))
            .Select(l => l["not restored ".Length..l.IndexOf(": ", StringComparison.Ordinal)])
            .ToList();
        Assert.NotEmpty(lost);
        Assert.Contains(packKey, restore.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, restore.Stderr, StringComparison.Ordinal);

        var sourceFiles = Directory.GetFiles(source, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(source, f)).ToHashSet();
        foreach (var path in lost)
        {
            Assert.False(File.Exists(path), $"{path} was reported lost but left on disk");
            Assert.Contains(Path.GetRelativePath(target, path), sourceFiles);
        }

        var restored = Directory.GetFiles(target, "*", SearchOption.AllDirectories);
        Assert.Equal(sourceFiles.Count, restored.Length + lost.Count);
        foreach (var file in restored)
        {
            var original = Path.Combine(source, Path.GetRelativePath(target, file));
            Assert.True(SHA256.HashData(File.ReadAllBytes(original)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(file))), $"{file} differs from the source");
        }
    }

    private static async Task<ObjectInfo> LargestPackAsync(IObjectStore store)
    {
        var packs = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync("data/", CancellationToken.None))
        {
            packs.Add(o);
        }

        return packs.MaxBy(p => p.Size)!;
    }

    public void Dispose() => _device.Dispose();
}
