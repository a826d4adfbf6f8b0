using System.Diagnostics;
using System.Text;
using Ferry.Errors;
using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Repository.Trees;
using Ferry.Storage.Memory;
using Ferry.Testing;
using Ferry.Testing.Foreign;
using Ferry.Testing.Reliability;
using Xunit.Abstractions;

namespace Ferry.Tests.Reliability;

/// <summary>
/// Every decoder of stored bytes, fed mutations of a valid input for a time budget
/// (FERRY_FUZZ_SECONDS each): the only failure allowed is Ferry's own one-line error, and no input
/// may make a decoder allocate more than a bound. Inputs past the encryption are sealed with the
/// repository's key, as a hostile device holding the password could write them.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    private const long MaxAllocation = 64L * 1024 * 1024;
    private static readonly MasterKey Key = MasterKey.CreateRandom();

    [Fact]
    public Task Index_objects() => Fuzz("IndexFile.Decode", IndexFile.Encode([SamplePack()]), bytes => IndexFile.Decode(bytes, "fuzz"));

    [Fact]
    public Task Pack_headers() => Fuzz("PackHeader.Open", PlainHeader(), bytes =>
        PackHeader.Open(Key, Aead.Seal(Key.EncryptionKey, bytes, "ferry pack header v1"u8), 1 << 20, "fuzz"));

    [Fact]
    public Task Trees() => Fuzz("Tree.Parse", SampleTree(), bytes => Tree.Parse(bytes, "fuzz"));

    [Fact]
    public Task Key_files()
    {
        var valid = KeyFile.Wrap(Key, "test password", new PasswordKdf(8 * 1024, 1, 1, new byte[16]), DateTimeOffset.UnixEpoch, "host").ToJson();
        return Fuzz("KeyFile.Parse/TryUnwrap", valid, bytes =>
        {
            var file = KeyFile.Parse(bytes, "keys/fuzz");
            // Cheap parameters only: the cost of honest-but-large ones is Argon2's, bounded in KeyFile (4 GiB, 64 passes).
            if (file.MemoryKiB is > 0 and <= 64 * 1024 && file.Passes is > 0 and <= 4)
            {
                file.TryUnwrap("test password");
            }
        });
    }

    [Fact]
    public Task Sealed_blobs()
    {
        var plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 4000)));
        var framed = Aead.Open(Key.EncryptionKey, BlobCodec.Encode(Key, plain), "seed");
        return Fuzz("BlobCodec.Decode/DecodeUnsized", framed, bytes =>
        {
            var sealedBytes = Aead.Seal(Key.EncryptionKey, bytes);
            BlobCodec.DecodeUnsized(Key, sealedBytes, 1 << 20, "fuzz");
            BlobCodec.Decode(Key, sealedBytes, plain.Length, "fuzz");
        });
    }

    [Fact]
    public async Task Snapshots()
    {
        var repository = await FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "h", TimeProvider.System, CancellationToken.None);
        var valid = "{\"version\":1,\"time\":\"2026-11-25T16:45:38Z\",\"host\":\"laptop\",\"os\":\"linux\",\"user\":\"ann\",\"paths\":[\"/home/ann/App\"],\"tags\":[\"a\"],\"tree\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"ferry_version\":\"0.1.0\",\"summary\":{\"files\":1,\"dirs\":1,\"bytes\":5,\"added_bytes\":5}}"u8.ToArray();
        // Storing the input (sealing and compressing it) is set-up, not decoding: it is not measured.
        await FuzzAsync(
            "snapshot JSON (LoadSnapshotAsync)",
            valid,
            bytes => repository.Objects.SaveAsync(FerryRepository.SnapshotsPrefix, bytes, CancellationToken.None),
            id => repository.LoadSnapshotAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Foreign_zip_archives()
    {
        using var temp = new TempFolder();
        CherryArchive.WriteDataFolder(temp.Sub("data"));
        var valid = CherryArchive.Build(temp.Sub("data"));
        await FuzzAsync(
            "zip reader (ForeignArchive)",
            valid,
            async bytes =>
            {
                var store = new MemoryObjectStore();
                await store.PutAsync("backup.zip", bytes, CancellationToken.None);
                return (store, new ForeignBackup("backup.zip", "cherry-studio", "h", "linux", DateTime.UnixEpoch, bytes.Length));
            },
            stored => ReadWholeAsync(stored.store, stored.Item2),
            maxAllocation: 256L * 1024 * 1024);
    }

    private static async Task ReadWholeAsync(MemoryObjectStore store, ForeignBackup backup)
    {
        await using var archive = await ForeignArchive.OpenAsync(store, backup, CancellationToken.None);
        foreach (var entry in archive.Entries.Where(e => !e.IsDirectory))
        {
            await using var stream = await archive.OpenAsync(entry, CancellationToken.None);
            await stream.CopyToAsync(Stream.Null);
        }
    }

    private Task Fuzz(string decoder, byte[] seed, Action<byte[]> decode, long maxAllocation = MaxAllocation) =>
        FuzzAsync(decoder, seed, Task.FromResult, bytes =>
        {
            decode(bytes);
            return Task.CompletedTask;
        }, maxAllocation);

    /// <summary>
    /// Runs mutations of <paramref name="seed"/> through <paramref name="prepare"/> (not measured: it
    /// stores the input where the decoder reads it) and <paramref name="decode"/> until the time budget is spent.
    /// </summary>
    private async Task FuzzAsync<T>(string decoder, byte[] seed, Func<byte[], Task<T>> prepare, Func<T, Task> decode, long maxAllocation = MaxAllocation)
    {
        var mutator = new Mutator(ReliabilityRun.Seed);
        var budget = Stopwatch.StartNew();
        int inputs = 0, accepted = 0, refused = 0, unmeasured = 0;
        long worst = 0;
        await decode(await prepare(seed));
        while (budget.Elapsed < TimeSpan.FromSeconds(ReliabilityRun.FuzzSeconds))
        {
            var input = mutator.Mutate(seed);
            inputs++;
            var prepared = await prepare(input);
            var thread = Environment.CurrentManagedThreadId;
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                await decode(prepared);
                accepted++;
            }
            catch (FerryException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{decoder} crashed on input {inputs} (base64 {Convert.ToBase64String(input)}): {e}");
            }

            if (Environment.CurrentManagedThreadId != thread)
            {
                // The allocation counter is per thread: an input whose await resumed elsewhere cannot be measured.
                unmeasured++;
                continue;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            worst = Math.Max(worst, allocated);
            Assert.True(allocated < maxAllocation + (16L * input.Length), $"{decoder} allocated {allocated} bytes for a {input.Length}-byte input {Convert.ToBase64String(input)}");
        }

        output.WriteLine(ReliabilityRun.Report("fuzz", new { decoder, inputs, accepted, refused, unmeasured, worst_allocation_bytes = worst, seconds = ReliabilityRun.FuzzSeconds }));
    }

    private static IndexedPack SamplePack() => new(
        new ChunkId(new byte[32]),
        1000,
        [new PackedBlob(BlobType.Data, new ChunkId(Enumerable.Repeat((byte)1, 32).ToArray()), 0, 100, 80), new PackedBlob(BlobType.Tree, new ChunkId(Enumerable.Repeat((byte)2, 32).ToArray()), 100, 200, 150)]);

    private static byte[] PlainHeader() => Aead.Open(Key.EncryptionKey, PackHeader.Seal(Key, SamplePack().Blobs), "seed", "ferry pack header v1"u8);

    private static byte[] SampleTree() => new Tree
    {
        Nodes =
        [
            new TreeNode { Name = "a.txt", Type = NodeType.File, Size = 3, Content = [new ChunkId(new byte[32])] },
            new TreeNode { Name = "dir", Type = NodeType.Directory, Subtree = new ChunkId(new byte[32]) },
            new TreeNode { Name = "link", Type = NodeType.Symlink, Target = "a.txt" },
        ],
    }.ToJson();
}
