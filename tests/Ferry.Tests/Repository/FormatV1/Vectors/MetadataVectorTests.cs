using System.Text;
using System.Text.Json;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Locks;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Repository.FormatV1.Vectors;

/// <summary>
/// The JSON of trees, snapshots, the config and locks, byte for byte, and the sealed objects that
/// carry them (framed, sealed with "ferry &lt;kind&gt; v1", named by their SHA-256). Reading tests pin
/// what every version must accept; writing tests pin what format v1 writes, so devices still on an
/// older version read it.
/// </summary>
public sealed class MetadataVectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>As format v1 writes a tree: fields in this order, nulls left out, non-ASCII escaped as \uXXXX.</summary>
    private const string TreeJson =
        """{"nodes":[{"name":"Data","type":"Directory","mode":493,"mtime_ns":1741595042962960800,"size":0,"inode":1001,"subtree":"abababababababababababababababababababababababababababababababab"},"""
        + """{"name":"config.json","type":"File","mode":384,"mtime_ns":1741593660123456700,"size":60,"inode":1002,"content":["cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"]},"""
        + """{"name":"empty.log","type":"File","mode":420,"mtime_ns":1741593780370370100,"size":0,"inode":1003,"content":[]},"""
        + """{"name":"link-to-config","type":"Symlink","mode":511,"mtime_ns":1741593600000000000,"size":11,"inode":1004,"target":"config.json"},"""
        + """{"name":"\u65E5\u8BB0 \u00FCber Ferry.md","type":"File","mode":420,"mtime_ns":1741593960740740200,"size":72,"inode":1005,"content":["efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef","0101010101010101010101010101010101010101010101010101010101010101"]}]}""";

    private static readonly Tree Tree = new()
    {
        Nodes =
        [
            new TreeNode { Name = "Data", Type = NodeType.Directory, Mode = 493, MTimeNs = 1741595042962960800, Inode = 1001, Subtree = VectorKeys.Repeated(0xAB) },
            new TreeNode { Name = "config.json", Type = NodeType.File, Mode = 384, MTimeNs = 1741593660123456700, Size = 60, Inode = 1002, Content = [VectorKeys.Repeated(0xCD)] },
            new TreeNode { Name = "empty.log", Type = NodeType.File, Mode = 420, MTimeNs = 1741593780370370100, Inode = 1003, Content = [] },
            new TreeNode { Name = "link-to-config", Type = NodeType.Symlink, Mode = 511, MTimeNs = 1741593600000000000, Size = 11, Inode = 1004, Target = "config.json" },
            new TreeNode { Name = "日记 über Ferry.md", Type = NodeType.File, Mode = 420, MTimeNs = 1741593960740740200, Size = 72, Inode = 1005, Content = [VectorKeys.Repeated(0xEF), VectorKeys.Repeated(0x01)] },
        ],
    };

    private const string SnapshotJson =
        """{"version":1,"time":"2025-03-14T09:30:00.25+00:00","host":"ann-laptop","os":"linux","user":"ann","paths":["/home/ann/.config/App"],"tags":["daily"]"""
        + ""","tree":"abababababababababababababababababababababababababababababababab","parent":"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","ferry_version":"0.1.0","summary":{"files":9,"dirs":6,"bytes":362446,"added_bytes":1654,"files_new":1,"files_changed":1,"files_unchanged":7,"duration_ms":812}}""";

    /// <summary><see cref="SnapshotJson"/> framed raw, sealed under nonce f0..fb with "ferry snapshots/ v1", and its name.</summary>
    private const string SealedSnapshot = "f0f1f2f3f4f5f6f7f8f9fafb697d61761948a11df099d5a0bf6640c2798c3ce002257da864631e906a1ee33348202fbe73b38ba9a876fc463c09c3b5fb6c2558541c7ff33ef454fc3c05828a635a02b05419265b131f5e4e53c3b53833f44e602207f7979c56268a58ec4b39e4d87df1ab9baacda1820acf6595274f7a17ef0e33ae3287f567946fa05c5f390937e4b2c28ed86242607ff85467a5129c418fac6c347513ecdb7f9c3cd25b6227aea33a9f2e152eac02b779c831ef7f544931d6824bf219ee934aefeb3bc77b703c50a3a67cbdc4f7bf6a6aacb890875a46eb4e6e866a13e862a6e62e20fe64ae78629596df09b89d30f386f70d53170dd821f5dcf30e11f1bb628aa8b51dc56bde90ae20bb292621c12395bcc56440181e540cd6bff88a0155b66e219430f9c705d332d3fcab29d0997d3a5a07b547ccb214e4a4067216eead24062e97fa596e721e6b127f6aa5f3fd7da2e6472e94f67efb62e0a556c9fcc38d7a5670c462d866c9454f33be4ccd91e00e940e0b6f519ebbbe17369fbfcfa4205bc93324b3769b3870196264401a7a89dad2b046f5459be2a059d6ec51a49b8ae98fe2cc8df3ea89b3ef2adad0989d264ea859403f62dd0bdb61f618f99fd8599063f3871f8b7b984a12bd7a1e5d9d4adb3aeb0c1f5264750e5174c6e30028";
    private const string SealedSnapshotId = "be93f53c20535e36c29812e5b5c30bf6944139a02ae2f8fd36c265269ed3b938";

    private const string ConfigJson = """{"version":1,"id":"00112233445566778899aabbccddeeff","chunker_min":65536,"chunker_avg":262144,"chunker_max":1048576,"chunker_seed":"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=","pack_size":8388608}""";

    /// <summary><see cref="ConfigJson"/> framed raw and sealed under nonce 10..1b with "ferry config v1".</summary>
    private const string SealedConfig = "101112131415161718191a1b7d85ba602cbb49daa51b2a273e554b3ab372742c2bf26680d5cbd1546a6061ee66df6034cd9e57d61f57f033e9fb777f76d92115c1a77b91d46b545a96e5fb066c961d197f8b3e075bac179db0b486d558cbcdcc10fa7000b2c6122edab0cf371f6f3bd8d9cf09ce0368a951564ce2a66dffdf10c49d9a97c390b0860ded8b7ef8a7e61c54b384a534e6b681fa9b2f1be6703d2d1a8d8ed1e1807bcfdea081659181d917d6afd7cd9a2520c3f5600d7ad4499a819b41d70fa1d0df6096b7d1730de46579cbcfe26c0c9d64e151ad373d80972a48d017c0";

    private const string LockKey = "locks/0123456789abcdef0123456789abcdef";
    private const string LockJson = """{"kind":"Exclusive","operation":"prune","host":"bob-desktop","pid":77,"created":"2025-03-16T18:00:00+00:00","refreshed":"2025-03-16T18:02:00+00:00"}""";

    /// <summary><see cref="LockJson"/> framed raw and sealed under nonce 20..2b with "ferry locks/0123…cdef v1" (a lock is bound to its own name).</summary>
    private const string SealedLock = "202122232425262728292a2bd241841b05f67e2c205e07b6a274818ab93f89beaba20c9e09840d6620e5302b4fac9576fb4b50f838df06fd2b7d3df2c04883ecb7584812a516106d6e9e28adb142ef31a1a0c9b4e8188c46cf385d43efb5013485ceab2efc62f31c4e2da6e632641466f86faec3f3ac94258fd4bf7616e3ea31f9bbcb2f6ad0353fc7b2af180fc94ca86fdf3b8b55bd985a3e142c96edfa1b17ae4d0e265d9cae89773dee6fd157cdc05b";

    [Theory]
    [InlineData(TreeJson)]
    [InlineData("""{"nodes":[{"name":"日记 über Ferry.md","type":"File","mode":420,"mtime_ns":1741593960740740200,"size":72,"inode":1005,"content":["efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef","0101010101010101010101010101010101010101010101010101010101010101"]}]}""")]
    public void Tree_json_reads_into_its_nodes_whether_names_are_escaped_or_not(string json)
    {
        var tree = Tree.Parse(Encoding.UTF8.GetBytes(json), "vector");

        var expected = Tree.Nodes.Where(n => tree.Nodes.Any(t => t.Name == n.Name)).ToList();
        Assert.Equal(expected.Count, tree.Nodes.Count);
        Assert.Equal(expected.Select(Describe), tree.Nodes.Select(Describe));
    }

    [Fact]
    public void A_tree_is_written_byte_for_byte_as_format_v1_writes_it()
    {
        Assert.Equal(TreeJson, Encoding.UTF8.GetString(Tree.ToJson()));
    }

    [Fact]
    public async Task A_known_sealed_snapshot_loads_by_its_name_into_its_fields()
    {
        var store = new MemoryObjectStore();
        await store.PutAsync(FerryRepository.SnapshotsPrefix + SealedSnapshotId, Convert.FromHexString(SealedSnapshot), None);

        var json = await new SealedObjects(store, VectorKeys.Master).LoadAsync(FerryRepository.SnapshotsPrefix, ChunkId.Parse(SealedSnapshotId), 1 << 20, None);
        var snapshot = JsonSerializer.Deserialize(json, FormatJson.Default.Snapshot)!;

        Assert.Equal(SnapshotJson, Encoding.UTF8.GetString(json));
        Assert.Equal(
            $"1 2025-03-14T09:30:00.2500000+00:00 ann-laptop linux ann /home/ann/.config/App daily {VectorKeys.Repeated(0xAB)} {VectorKeys.Repeated(0xCD)} 0.1.0 9 6 362446 1654 1 1 7 812",
            Describe(snapshot));
    }

    [Fact]
    public void Snapshot_times_written_with_z_read_as_the_same_instant()
    {
        var json = SnapshotJson.Replace("+00:00", "Z", StringComparison.Ordinal);

        var snapshot = JsonSerializer.Deserialize(json, FormatJson.Default.Snapshot)!;

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 30, 0, 250, TimeSpan.Zero), snapshot.Time);
    }

    [Fact]
    public void A_snapshot_is_written_byte_for_byte_as_format_v1_writes_it()
    {
        var snapshot = JsonSerializer.Deserialize(SnapshotJson, FormatJson.Default.Snapshot)!;

        Assert.Equal(SnapshotJson, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(snapshot, FormatJson.Default.Snapshot)));
    }

    [Fact]
    public async Task A_known_sealed_config_loads_into_its_settings_and_is_written_back_byte_for_byte()
    {
        var store = new MemoryObjectStore();
        await store.PutAsync(FerryRepository.ConfigKey, Convert.FromHexString(SealedConfig), None);

        var json = await new SealedObjects(store, VectorKeys.Master).LoadNamedAsync(FerryRepository.ConfigKey, 1 << 20, None);
        var config = JsonSerializer.Deserialize(json, FormatJson.Default.RepositoryConfig)!;

        Assert.Equal(
            (1, "00112233445566778899aabbccddeeff", 65536, 262144, 1048576, 8388608),
            (config.Version, config.Id, config.ChunkerMin, config.ChunkerAvg, config.ChunkerMax, config.PackSize));
        Assert.Equal(VectorKeys.Bytes(0x40, 32), config.ChunkerSeed);
        Assert.Equal(ConfigJson, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(config, FormatJson.Default.RepositoryConfig)));
    }

    [Fact]
    public async Task A_known_sealed_lock_loads_into_its_holder_and_is_written_back_byte_for_byte()
    {
        var store = new MemoryObjectStore();
        await store.PutAsync(LockKey, Convert.FromHexString(SealedLock), None);

        var json = await new SealedObjects(store, VectorKeys.Master).LoadNamedAsync(LockKey, 64 * 1024, None);
        var info = JsonSerializer.Deserialize(json, FormatJson.Default.LockInfo)!;

        Assert.Equal(
            (LockKind.Exclusive, "prune", "bob-desktop", 77, new DateTimeOffset(2025, 3, 16, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 16, 18, 2, 0, TimeSpan.Zero)),
            (info.Kind, info.Operation, info.Host, info.ProcessId, info.Created, info.Refreshed));
        Assert.Equal(LockJson, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(info, FormatJson.Default.LockInfo)));
    }

    private static string Describe(TreeNode n) =>
        $"{n.Name} {n.Type} {n.Mode} {n.MTimeNs} {n.Size} {n.Inode} [{string.Join(",", n.Content ?? [])}] {n.Subtree} {n.Target}";

    private static string Describe(Snapshot s) =>
        $"{s.Version} {s.Time:O} {s.Host} {s.Os} {s.User} {string.Join(",", s.Paths)} {string.Join(",", s.Tags)} {s.Tree} {s.Parent} {s.FerryVersion} "
        + $"{s.Summary.Files} {s.Summary.Dirs} {s.Summary.Bytes} {s.Summary.AddedBytes} {s.Summary.NewFiles} {s.Summary.ChangedFiles} {s.Summary.UnchangedFiles} {s.Summary.DurationMs}";
}
