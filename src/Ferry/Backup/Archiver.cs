using System.Collections.Concurrent;
using Ferry.Backup.Live;
using Ferry.Names;
using Ferry.Platform;
using Ferry.Platform.Names;
using Ferry.Repository;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Backup;

/// <summary>
/// Walks the source folders and turns them into trees. Each directory is compared with the same
/// directory in the parent snapshot: a file whose size, mtime and inode are unchanged keeps its
/// chunk list and is not read again. New and changed files are read by up to N tasks at once, in
/// groups that must be captured as of one moment (<see cref="LiveCapture"/>).
/// </summary>
internal sealed class Archiver : IDisposable
{
    private readonly FerryRepository _repository;
    private readonly BlobSaver _saver;
    private readonly ExcludeFilter _excludes;
    private readonly SourceListing _listing;
    private readonly BackupCounters _counters;
    private readonly LiveCapture _capture;
    private readonly SemaphoreSlim _fileSlots;
    private readonly ConcurrentQueue<FileProblem> _problems = new();
    private long _files;
    private long _dirs;
    private long _bytes;
    private long _newFiles;
    private long _changedFiles;
    private long _unchangedFiles;

    public Archiver(FerryRepository repository, BlobSaver saver, FileChunker chunker, SqliteCopier sqlite, ExcludeFilter excludes, SourceListing listing, BackupCounters counters, int fileParallelism)
    {
        _repository = repository;
        _saver = saver;
        _excludes = excludes;
        _listing = listing;
        _counters = counters;
        _capture = new LiveCapture(chunker, sqlite, IsUnchanged);
        _fileSlots = new SemaphoreSlim(fileParallelism, fileParallelism);
    }

    public IReadOnlyCollection<FileProblem> Problems => _problems;

    public SnapshotSummary Summary(long addedBytes, long durationMs) => new()
    {
        Files = Interlocked.Read(ref _files),
        Dirs = Interlocked.Read(ref _dirs),
        Bytes = Interlocked.Read(ref _bytes),
        AddedBytes = addedBytes,
        NewFiles = Interlocked.Read(ref _newFiles),
        ChangedFiles = Interlocked.Read(ref _changedFiles),
        UnchangedFiles = Interlocked.Read(ref _unchangedFiles),
        DurationMs = durationMs,
    };

    /// <summary>Stores every source and a root tree naming each by its last segment; returns the root tree's id.</summary>
    public async Task<Repository.Crypto.ChunkId> SaveRootAsync(IReadOnlyList<SourcePath> sources, Tree? parentRoot, CancellationToken cancellationToken)
    {
        var previous = ByName(parentRoot);
        var nodes = new List<Task<IEnumerable<TreeNode>>>();
        foreach (var source in sources)
        {
            var status = FileStatus.Of(source.FullPath);
            if (status.Kind == EntryKind.File)
            {
                // A file named on the command line is captured on its own; its name is its last segment.
                var group = new FileGroup(FileGroupKind.Single, Path.GetDirectoryName(source.FullPath)!, [source.Name]);
                await _fileSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                var listed = new Dictionary<string, FileStatus>(StringComparer.Ordinal) { [source.Name] = status };
                nodes.Add(NodesOf(CaptureAsync(group, previous, listed, () => group.Names, cancellationToken)));
            }
            else
            {
                nodes.Add(One(await SaveEntryAsync(source.FullPath, "", source.Name, status, previous.GetValueOrDefault(source.Name), null, cancellationToken).ConfigureAwait(false)));
            }
        }

        return await SaveTreeAsync(nodes, null, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _fileSlots.Dispose();

    /// <summary>A directory, symlink or special file's node; files go through <see cref="SaveDirectoryAsync"/>'s groups.</summary>
    private async Task<TreeNode?> SaveEntryAsync(string fullPath, string relativePath, string name, FileStatus status, TreeNode? previous, RenameScope? renames, CancellationToken cancellationToken)
    {
        switch (status.Kind)
        {
            case EntryKind.Directory when TreeDepth.TooDeepToBackUp(relativePath):
                // No restore would write it back: a snapshot nests folders at most this deep.
                _problems.Enqueue(new FileProblem(fullPath, $"skipped: folders nested more than {TreeDepth.Max} levels deep"));
                return null;
            case EntryKind.Directory:
                return await SaveDirectoryAsync(fullPath, relativePath, name, status, previous, renames, cancellationToken).ConfigureAwait(false);
            case EntryKind.Symlink:
                return new TreeNode
                {
                    Name = name,
                    Type = NodeType.Symlink,
                    Mode = status.Mode,
                    Attributes = status.StoredAttributes,
                    MTimeNs = status.MTimeNs,
                    Target = NamedFiles.ReadLink(fullPath),
                };
            default:
                _problems.Enqueue(new FileProblem(fullPath, "skipped: not a regular file, folder or symlink (device, socket or pipe)"));
                return null;
        }
    }

    /// <summary>The renames a manifest lists; null when it cannot be opened, and it is then backed up as an ordinary file.</summary>
    private static RenameScope? ReadRenames(string path)
    {
        try
        {
            using var handle = NamedFiles.OpenRead(path);
            return RenameManifest.TryRead(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks one folder: sub-folders are walked before this returns (so the walk stays depth-first
    /// and memory stays flat); its files are captured in the background, group by group. Entries a
    /// restore had to write under other names (<see cref="RenameManifest"/>) get their snapshot names back.
    /// </summary>
    private async Task<TreeNode> SaveDirectoryAsync(string fullPath, string relativePath, string name, FileStatus status, TreeNode? previous, RenameScope? renames, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _dirs);
        _counters.Current(fullPath);
        var (entries, problems, vanished) = _listing.Take(fullPath, relativePath);
        foreach (var problem in problems)
        {
            _problems.Enqueue(problem);
        }

        var manifest = entries.FindIndex(e => e.Name == RenameManifest.FileName && e.Status.Kind == EntryKind.File);
        if (manifest >= 0 && ReadRenames(Path.Join(fullPath, RenameManifest.FileName)) is { } manifestRenames)
        {
            renames = manifestRenames;
            entries.RemoveAt(manifest);
        }

        var previousChildren = ByDiskName(await LoadPreviousAsync(previous, cancellationToken).ConfigureAwait(false), renames);
        var listed = entries.Where(e => e.Status.Kind == EntryKind.File).ToDictionary(e => e.Name, e => e.Status, StringComparer.Ordinal);
        var files = entries.Where(e => e.Status.Kind == EntryKind.File).Select(e => e.Name).ToList();
        var groups = FileGroups.Plan(fullPath, files, vanished);
        var started = new HashSet<FileGroup>();

        var nodes = new List<Task<IEnumerable<TreeNode>>>();
        foreach (var (childName, childStatus) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (childStatus.Kind != EntryKind.File)
            {
                var childRelative = relativePath.Length == 0 ? childName : $"{relativePath}/{childName}";
                nodes.Add(One(await SaveEntryAsync(Path.Join(fullPath, childName), childRelative, childName, childStatus, previousChildren.GetValueOrDefault(childName), renames?.Folder(childName), cancellationToken).ConfigureAwait(false)));
            }
            else if (started.Add(groups[childName]))
            {
                // The group's nodes are what its capture found, which may differ from this listing
                // when a LevelDB folder gained or lost files meanwhile.
                await _fileSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                nodes.Add(NodesOf(CaptureAsync(groups[childName], previousChildren, listed, () => ListFiles(fullPath, relativePath), cancellationToken)));
            }
        }

        var tree = await SaveTreeAsync(nodes, renames, cancellationToken).ConfigureAwait(false);
        return new TreeNode { Name = name, Type = NodeType.Directory, Mode = status.Mode, Attributes = status.StoredAttributes, MTimeNs = status.MTimeNs, Inode = status.Inode, Subtree = tree };
    }

    /// <summary>Captures a group in the background (it holds one of the file slots, taken by the caller) and counts its files.</summary>
    private async Task<GroupCapture> CaptureAsync(FileGroup group, Dictionary<string, TreeNode> previous, IReadOnlyDictionary<string, FileStatus> listed, Func<IReadOnlyList<string>> listFiles, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            _counters.Current(Path.Join(group.Folder, group.Names[0]));
            var capture = await _capture.CaptureAsync(group, previous, listed, listFiles, cancellationToken).ConfigureAwait(false);
            if (capture.Problem is { } problem)
            {
                _problems.Enqueue(problem);
            }

            foreach (var (fileName, file) in capture.Files)
            {
                Count(file, isNew: !previous.ContainsKey(fileName));
            }

            return capture;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Enqueue(new FileProblem(Path.Join(group.Folder, group.Names.Count == 1 ? group.Names[0] : ""), e.Message));
            foreach (var _ in group.Names)
            {
                _counters.FileFinished();
            }

            return new GroupCapture(new Dictionary<string, CapturedFile>(), null);
        }
        finally
        {
            _fileSlots.Release();
        }
    }

    private static async Task<IEnumerable<TreeNode>> NodesOf(Task<GroupCapture> capture) =>
        (await capture.ConfigureAwait(false)).Files.Values.Select(f => f.Node).OfType<TreeNode>();

    private static Task<IEnumerable<TreeNode>> One(TreeNode? node) => Task.FromResult<IEnumerable<TreeNode>>(node is null ? [] : [node]);

    private void Count(CapturedFile file, bool isNew)
    {
        switch (file.Kind)
        {
            case CaptureKind.Unchanged:
                CountFile(file.Node!.Size, ref _unchangedFiles);
                _counters.FileDone(file.Node.Size);
                break;
            case CaptureKind.Read:
                CountFile(file.Node!.Size, ref isNew ? ref _newFiles : ref _changedFiles);
                _counters.FileFinished();
                break;
            default:
                _counters.FileFinished();
                break;
        }
    }

    /// <summary>The folder's files now, listed as the walk lists it: a LevelDB set asks again after reading, to see files that came or went.</summary>
    private List<string> ListFiles(string folder, string relativePath) =>
        [.. FolderListing.Read(folder, relativePath, _excludes).Entries.Where(e => e.Status.Kind == EntryKind.File).Select(e => e.Name)];

    private async Task<Repository.Crypto.ChunkId> SaveTreeAsync(List<Task<IEnumerable<TreeNode>>> pending, RenameScope? renames, CancellationToken cancellationToken)
    {
        var nodes = (await Task.WhenAll(pending).ConfigureAwait(false)).SelectMany(n => n).ToList();
        var tree = new Tree { Nodes = [.. WithSnapshotNames(nodes, renames).OrderBy(n => n.Name, StringComparer.Ordinal)] };
        var json = tree.ToJson();
        var id = _repository.Key.IdOf(json);
        await _saver.SaveAsync(BlobType.Tree, id, json, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>The same folder in the parent snapshot; a damaged parent only means every file is read again.</summary>
    private async Task<Dictionary<string, TreeNode>> LoadPreviousAsync(TreeNode? previous, CancellationToken cancellationToken)
    {
        if (previous is not { Type: NodeType.Directory, Subtree: { } subtree })
        {
            return [];
        }

        try
        {
            return ByName(await _repository.LoadTreeAsync(subtree, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is CorruptDataException or Storage.ObjectNotFoundException)
        {
            return [];
        }
    }

    private bool IsUnchanged(TreeNode? previous, FileStatus status) =>
        previous is { Type: NodeType.File, Content: { } content }
        && previous.Size == status.Size
        && previous.MTimeNs == status.MTimeNs
        && previous.Inode == status.Inode
        && content.All(_saver.Has);

    private void CountFile(long size, ref long kind)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, size);
        Interlocked.Increment(ref kind);
    }

    private static Dictionary<string, TreeNode> ByName(Tree? tree) =>
        tree?.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal) ?? [];

    /// <summary>The parent snapshot's entries, also under the names a restore wrote them as: an unchanged renamed file is not read again.</summary>
    private static Dictionary<string, TreeNode> ByDiskName(Dictionary<string, TreeNode> previous, RenameScope? renames)
    {
        if (renames is null)
        {
            return previous;
        }

        foreach (var (disk, original) in renames.Renamed)
        {
            if (previous.TryGetValue(original, out var node))
            {
                previous[disk] = node;
            }
        }

        return previous;
    }

    /// <summary>Renamed entries under their snapshot names; if that would name two entries alike (the folder changed since), all keep the names they have.</summary>
    private static List<TreeNode> WithSnapshotNames(List<TreeNode> nodes, RenameScope? renames)
    {
        if (renames is null)
        {
            return nodes;
        }

        var renamed = nodes.ConvertAll(n => renames.OriginalOf(n.Name) is { } original ? n.WithName(original) : n);
        return renamed.DistinctBy(n => n.Name, StringComparer.Ordinal).Count() == renamed.Count ? renamed : nodes;
    }
}

/// <summary>A source path and the name it has in the snapshot's root tree.</summary>
internal sealed record SourcePath(string FullPath, string Name);
