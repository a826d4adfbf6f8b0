using System.IO.Compression;
using Ferry.Foreign;
using Ferry.Repository;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;
using Ferry.Restore;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Restore;

/// <summary>
/// A restore never hands other local users power over the restored files: no setuid, setgid, sticky
/// or world-writable entry comes out of a snapshot, and an app's zip gets the default modes whatever
/// it says. Deep nesting from the bucket is refused cleanly, never a crash.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RestoredModeTests : IDisposable
{
    private const string Password = "a long enough test password";
    private const string ZipKey = "cherry-studio.20250314093000.Anns-MacBook.local.mac.zip";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Fact]
    public async Task A_snapshot_restores_without_setuid_setgid_sticky_or_world_write()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "h", TimeProvider.System, None);
        var empty = await HandMadeSnapshot.SaveTreeAsync(repository, new Tree());
        var (_, snapshot) = await HandMadeSnapshot.WithAsync(
            repository,
            new TreeNode { Name = "drop", Type = NodeType.Directory, Mode = Convert.ToInt32("1777", 8), Subtree = empty },
            new TreeNode { Name = "open.txt", Type = NodeType.File, Mode = Convert.ToInt32("666", 8), Content = [], Size = 0 },
            new TreeNode { Name = "setgid-tool", Type = NodeType.File, Mode = Convert.ToInt32("2775", 8), Content = [], Size = 0 },
            new TreeNode { Name = "setuid-tool", Type = NodeType.File, Mode = Convert.ToInt32("4755", 8), Content = [], Size = 0 });
        var target = _temp.Sub("restored");

        await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = target }).RunAsync(None);

        Assert.Equal("775", ModeOf(Path.Combine(target, "drop")));
        Assert.Equal("664", ModeOf(Path.Combine(target, "open.txt")));
        Assert.Equal("775", ModeOf(Path.Combine(target, "setgid-tool")));
        Assert.Equal("755", ModeOf(Path.Combine(target, "setuid-tool")));
    }

    [Fact]
    public async Task A_zip_restores_and_imports_with_default_modes_whatever_it_says()
    {
        await _store.PutAsync(ZipKey, ZipWithModes(("Data/", "4777"), ("Data/run.sh", "6777"), ("Data/notes.md", "666")), None);
        var target = _temp.Sub("from-zip");

        await new ForeignRestorer(_store, ZipKey, new RestoreOptions { Target = target }).RunAsync(None);
        var repository = await FerryRepository.InitAsync(_store, Password, "h", TimeProvider.System, None);
        var imported = await new ForeignImporter(repository, ZipKey).RunAsync(None);
        var fromImport = _temp.Sub("from-import");
        await new RestoreRunner(repository, await repository.FindSnapshotAsync(imported.SnapshotId, null, None), new RestoreOptions { Target = fromImport }).RunAsync(None);

        var (file, folder) = DefaultModes();
        foreach (var root in new[] { target, fromImport })
        {
            Assert.Equal(folder, ModeOf(Path.Combine(root, "Data")));
            Assert.Equal(file, ModeOf(Path.Combine(root, "Data", "run.sh")));
            Assert.Equal(file, ModeOf(Path.Combine(root, "Data", "notes.md")));
        }
    }

    [Fact]
    public async Task A_zip_nesting_folders_thousands_deep_is_refused_cleanly()
    {
        var deep = string.Join('/', Enumerable.Repeat("d", 5000)) + "/file.txt";
        await _store.PutAsync(ZipKey, ZipWithModes((deep, "644")), None);
        var repository = await FerryRepository.InitAsync(_store, Password, "h", TimeProvider.System, None);

        var restore = await Assert.ThrowsAsync<CorruptDataException>(() => new ForeignRestorer(_store, ZipKey, new RestoreOptions { Target = _temp.Sub("deep") }).RunAsync(None));
        var import = await Assert.ThrowsAsync<CorruptDataException>(() => new ForeignImporter(repository, ZipKey).RunAsync(None));

        Assert.Contains("levels deep", restore.Message, StringComparison.Ordinal);
        Assert.Contains("levels deep", import.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Sub("deep")));
    }

    [Fact]
    public async Task A_snapshot_nesting_folders_a_hundred_thousand_deep_is_refused_cleanly()
    {
        var repository = await FerryRepository.InitAsync(_store, Password, "h", TimeProvider.System, None);
        var index = await repository.LoadIndexAsync(None);
        Ferry.Repository.Crypto.ChunkId bottom;
        await using (var saver = new BlobSaver(repository, index, 2, 2, None))
        {
            bottom = await HandMadeSnapshot.SaveTreeAsync(repository, saver, new Tree());
            for (var level = 0; level < 100_000; level++)
            {
                bottom = await HandMadeSnapshot.SaveTreeAsync(repository, saver, new Tree { Nodes = [new TreeNode { Name = "d", Type = NodeType.Directory, Subtree = bottom }] });
            }

            await saver.FlushAsync();
        }

        var (_, snapshot) = await HandMadeSnapshot.WithAsync(repository, new TreeNode { Name = "d", Type = NodeType.Directory, Subtree = bottom });

        var restore = await new RestoreRunner(repository, snapshot, new RestoreOptions { Target = _temp.Sub("deep") }).RunAsync(None);
        var listing = await Assert.ThrowsAsync<CorruptDataException>(async () =>
        {
            await foreach (var _ in SnapshotBrowser.WalkAsync(repository, snapshot.Snapshot, null, None))
            {
            }
        });

        Assert.Contains(restore.Problems, p => p.Message.Contains("levels deep", StringComparison.Ordinal));
        Assert.Contains("levels deep", listing.Message, StringComparison.Ordinal);
    }

    /// <summary>The modes this process gives a new file and folder (its umask applied), as octal.</summary>
    private (string File, string Folder) DefaultModes()
    {
        var folder = _temp.Sub("probe");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "file");
        File.WriteAllBytes(file, []);
        return (ModeOf(file), ModeOf(folder));
    }

    private static string ModeOf(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static byte[] ZipWithModes(params (string Name, string Mode)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, mode) in entries)
            {
                var entry = zip.CreateEntry(name);
                var type = name.EndsWith('/') ? 0x4000 : 0x8000;
                entry.ExternalAttributes = (type | Convert.ToInt32(mode, 8)) << 16;
                if (!name.EndsWith('/'))
                {
                    using var stream = entry.Open();
                    stream.Write("content"u8);
                }
            }
        }

        return memory.ToArray();
    }

    public void Dispose() => _temp.Dispose();
}
