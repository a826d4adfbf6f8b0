using Ferry.Backup;
using Ferry.Errors;
using Ferry.Repository;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Foreign;

/// <summary>
/// <c>ferry import KEY</c>: turns a foreign backup into a Ferry snapshot. Its files are chunked like
/// any backup, so they deduplicate with every other snapshot (years of zips of the same chats cost
/// little more than one). The snapshot has the zip's host and time, the tags <c>imported</c> and
/// the key, and one path, <c>/cherry-studio</c>: it restores like a backup of the data folder.
/// </summary>
public sealed class ForeignImporter
{
    /// <summary>The path an imported snapshot records: it names the app, not a folder of this computer.</summary>
    public const string SnapshotPath = "/" + CherryBackupName.App;

    /// <summary>The tag every snapshot made from a foreign backup carries.</summary>
    public const string ImportedTag = "imported";

    private readonly FerryRepository _repository;
    private readonly string _key;
    private readonly BackupCounters _counters = new();

    /// <summary>An import of the foreign backup stored under <paramref name="key"/> beside <paramref name="repository"/>.</summary>
    public ForeignImporter(FerryRepository repository, string key)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _key = key;
    }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs.</summary>
    public BackupProgress Progress => _counters.Read(0);

    /// <summary>Reads the archive (each entry CRC-checked) and stores it as a snapshot that deduplicates with the rest.</summary>
    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = _repository.Time.GetTimestamp();
        var backup = await ForeignBackups.FindAsync(_repository.Store, _key, cancellationToken).ConfigureAwait(false);
        var snapshots = await _repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        if (snapshots.FirstOrDefault(s => s.Snapshot.Tags.Contains(_key)) is { } done)
        {
            throw new FerryException($"{_key} was already imported as snapshot {done.ShortId}");
        }

        // Shared, like a backup: a prune must not delete the packs this import writes before its snapshot lands.
        var write = await SnapshotWrite.BeginAsync(_repository, "import", new BackupOptions { Paths = [SnapshotPath], Host = backup.Host }, cancellationToken).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            var archive = await ForeignArchive.OpenAsync(_repository.Store, backup, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                _counters.Scanned(archive.Entries.Count(e => !e.IsDirectory), archive.TotalBytes);
                _counters.ScanComplete();
                var saver = write.Saver;
                var folders = await ChunkFilesAsync(archive, write.Chunker(_counters), cancellationToken).ConfigureAwait(false);
                var appFolder = await SaveFolderAsync(saver, folders, "", cancellationToken).ConfigureAwait(false);
                var root = await SaveTreeAsync(saver, [new TreeNode { Name = CherryBackupName.App, Type = NodeType.Directory, Mode = 0b111_101_101, Subtree = appFolder }], cancellationToken).ConfigureAwait(false);
                await write.FlushAsync(cancellationToken).ConfigureAwait(false);

                var files = folders.Values.SelectMany(f => f).Where(n => n.Type == NodeType.File).ToList();
                var snapshot = new Snapshot
                {
                    Time = archive.Made ?? new DateTimeOffset(backup.Time, TimeZoneInfo.Local.GetUtcOffset(backup.Time)),
                    Host = backup.Host,
                    Os = backup.Os,
                    Paths = [SnapshotPath],
                    Tags = [ImportedTag, _key],
                    Tree = root,
                    FerryVersion = FerryVersion.Current,
                    Summary = new SnapshotSummary
                    {
                        Files = files.Count,
                        Dirs = folders.Count,
                        Bytes = files.Sum(f => f.Size),
                        AddedBytes = saver.AddedBytes,
                        NewFiles = files.Count,
                        DurationMs = (long)_repository.Time.GetElapsedTime(started).TotalMilliseconds,
                    },
                };
                var id = await write.CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
                return new BackupResult(id, snapshot, null, []);
            }
        }
    }

    /// <summary>Every file's node, by the folder it is in ("" for the top); folders are nodes of their parent too.</summary>
    private async Task<Dictionary<string, List<TreeNode>>> ChunkFilesAsync(ForeignArchive archive, FileChunker chunker, CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, List<TreeNode>>(StringComparer.Ordinal) { [""] = [] };
        foreach (var entry in archive.Entries)
        {
            var parent = Path.GetDirectoryName(entry.Path)?.Replace('\\', '/') ?? "";
            var name = Path.GetFileName(entry.Path);
            if (entry.IsDirectory)
            {
                folders.TryAdd(entry.Path, []);
                folders[parent].Add(new TreeNode { Name = name, Type = NodeType.Directory, Mode = entry.Mode, MTimeNs = entry.MTimeNs });
                continue;
            }

            _counters.Current(entry.Path);
            var content = await archive.OpenAsync(entry, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                var (chunks, length) = await chunker.ChunkAsync(content, cancellationToken).ConfigureAwait(false);
                folders[parent].Add(new TreeNode { Name = name, Type = NodeType.File, Mode = entry.Mode, MTimeNs = entry.MTimeNs, Size = length, Content = chunks });
                _counters.FileFinished();
            }
        }

        return folders;
    }

    /// <summary>Stores a folder's tree after its sub-folders' trees, and returns its id.</summary>
    private async Task<ChunkId> SaveFolderAsync(BlobSaver saver, Dictionary<string, List<TreeNode>> folders, string path, CancellationToken cancellationToken)
    {
        // The archive's paths are at most TreeDepth.Max deep; a fresh stack every few levels.
        await TreeDepth.EnterAsync(path.Length == 0 ? 0 : path.Count(c => c == '/') + 1, path).ConfigureAwait(false);
        var nodes = new List<TreeNode>();
        foreach (var node in folders[path].OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (node.Type != NodeType.Directory)
            {
                nodes.Add(node);
                continue;
            }

            var child = path.Length == 0 ? node.Name : $"{path}/{node.Name}";
            var subtree = await SaveFolderAsync(saver, folders, child, cancellationToken).ConfigureAwait(false);
            nodes.Add(new TreeNode { Name = node.Name, Type = NodeType.Directory, Mode = node.Mode, MTimeNs = node.MTimeNs, Subtree = subtree });
        }

        return await SaveTreeAsync(saver, nodes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChunkId> SaveTreeAsync(BlobSaver saver, List<TreeNode> nodes, CancellationToken cancellationToken)
    {
        var json = new Tree { Nodes = nodes }.ToJson();
        var id = _repository.Key.IdOf(json);
        await saver.SaveAsync(BlobType.Tree, id, json, cancellationToken).ConfigureAwait(false);
        return id;
    }
}
