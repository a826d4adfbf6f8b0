using System.Collections.Concurrent;
using Ferry.Platform;
using Ferry.Repository;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Backup;

/// <summary>
/// Walks the source folders and turns them into trees. Each directory is compared with the same
/// directory in the parent snapshot: a file whose size, mtime and inode are unchanged keeps its
/// chunk list and is not read again. New and changed files are read by up to N tasks at once.
/// </summary>
internal sealed class Archiver(
    FerryRepository repository,
    BlobSaver saver,
    FileChunker chunker,
    ExcludeFilter excludes,
    BackupCounters counters,
    int fileParallelism) : IDisposable
{
    /// <summary>A file that keeps changing while it is read is read this many times before it is stored as last read.</summary>
    private const int ReadAttempts = 3;

    private readonly SemaphoreSlim _fileSlots = new(fileParallelism, fileParallelism);
    private readonly ConcurrentQueue<FileProblem> _problems = new();
    private long _files;
    private long _dirs;
    private long _bytes;
    private long _newFiles;
    private long _changedFiles;
    private long _unchangedFiles;

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
        var nodes = new List<Task<TreeNode?>>();
        foreach (var source in sources)
        {
            var status = FileStatus.Of(source.FullPath);
            nodes.Add(await SaveEntryAsync(source.FullPath, source.FullPath, "", source.Name, status, previous.GetValueOrDefault(source.Name), cancellationToken).ConfigureAwait(false));
        }

        return await SaveTreeAsync(nodes, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _fileSlots.Dispose();

    /// <summary>
    /// Returns a task for the entry's node: directories are walked before this returns (so the walk
    /// stays depth-first and memory stays flat), files are read in the background.
    /// </summary>
    private async Task<Task<TreeNode?>> SaveEntryAsync(string fullPath, string sourceRoot, string relativePath, string name, FileStatus status, TreeNode? previous, CancellationToken cancellationToken)
    {
        switch (status.Kind)
        {
            case EntryKind.Directory:
                return Task.FromResult<TreeNode?>(await SaveDirectoryAsync(fullPath, sourceRoot, relativePath, name, status, previous, cancellationToken).ConfigureAwait(false));
            case EntryKind.Symlink:
                return Task.FromResult<TreeNode?>(new TreeNode
                {
                    Name = name,
                    Type = NodeType.Symlink,
                    Mode = status.Mode,
                    MTimeNs = status.MTimeNs,
                    Target = new FileInfo(fullPath).LinkTarget ?? "",
                });
            case EntryKind.File:
                if (IsUnchanged(previous, status))
                {
                    CountFile(status.Size, ref _unchangedFiles);
                    counters.FileDone(status.Size);
                    return Task.FromResult<TreeNode?>(FileNode(name, status, previous!.Content!));
                }

                await _fileSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                return SaveFileAsync(fullPath, name, status, isNew: previous is null, cancellationToken);
            default:
                _problems.Enqueue(new FileProblem(fullPath, "skipped: not a regular file, folder or symlink (device, socket or pipe)"));
                return Task.FromResult<TreeNode?>(null);
        }
    }

    private async Task<TreeNode> SaveDirectoryAsync(string fullPath, string sourceRoot, string relativePath, string name, FileStatus status, TreeNode? previous, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _dirs);
        counters.Current(fullPath);
        var previousChildren = await LoadPreviousAsync(previous, cancellationToken).ConfigureAwait(false);

        var nodes = new List<Task<TreeNode?>>();
        foreach (var childName in ListNames(fullPath))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var childPath = Path.Join(fullPath, childName);
            var childRelative = relativePath.Length == 0 ? childName : $"{relativePath}/{childName}";
            if (excludes.Excludes(childName, childRelative, childPath))
            {
                continue;
            }

            FileStatus childStatus;
            try
            {
                childStatus = FileStatus.Of(childPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _problems.Enqueue(new FileProblem(childPath, e.Message));
                continue;
            }

            nodes.Add(await SaveEntryAsync(childPath, sourceRoot, childRelative, childName, childStatus, previousChildren.GetValueOrDefault(childName), cancellationToken).ConfigureAwait(false));
        }

        var tree = await SaveTreeAsync(nodes, cancellationToken).ConfigureAwait(false);
        return new TreeNode { Name = name, Type = NodeType.Directory, Mode = status.Mode, MTimeNs = status.MTimeNs, Inode = status.Inode, Subtree = tree };
    }

    private async Task<TreeNode?> SaveFileAsync(string path, string name, FileStatus status, bool isNew, CancellationToken cancellationToken)
    {
        try
        {
            counters.Current(path);
            for (var attempt = 1; ; attempt++)
            {
                var (chunks, length) = await chunker.ChunkAsync(path, cancellationToken).ConfigureAwait(false);
                var after = FileStatus.Of(path);
                var settled = after.Size == length && after.MTimeNs == status.MTimeNs && after.Size == status.Size;
                if (settled || attempt == ReadAttempts)
                {
                    if (!settled)
                    {
                        _problems.Enqueue(new FileProblem(path, $"changed while being read {ReadAttempts} times; stored as last read"));
                    }

                    CountFile(length, ref isNew ? ref _newFiles : ref _changedFiles);
                    counters.FileFinished();
                    return FileNode(name, after with { Size = length }, chunks);
                }

                status = after;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Enqueue(new FileProblem(path, e.Message));
            counters.FileFinished();
            return null;
        }
        finally
        {
            _fileSlots.Release();
        }
    }

    private async Task<Repository.Crypto.ChunkId> SaveTreeAsync(List<Task<TreeNode?>> pending, CancellationToken cancellationToken)
    {
        var nodes = await Task.WhenAll(pending).ConfigureAwait(false);
        var tree = new Tree { Nodes = [.. nodes.OfType<TreeNode>()] };
        var json = tree.ToJson();
        var id = repository.Key.IdOf(json);
        await saver.SaveAsync(BlobType.Tree, id, json, cancellationToken).ConfigureAwait(false);
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
            return ByName(await repository.LoadTreeAsync(subtree, cancellationToken).ConfigureAwait(false));
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
        && content.All(saver.Has);

    private void CountFile(long size, ref long kind)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, size);
        Interlocked.Increment(ref kind);
    }

    private List<string> ListNames(string folder)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Enqueue(new FileProblem(folder, $"cannot list folder: {e.Message}"));
            return [];
        }
    }

    private static TreeNode FileNode(string name, FileStatus status, IReadOnlyList<Repository.Crypto.ChunkId> chunks) => new()
    {
        Name = name,
        Type = NodeType.File,
        Mode = status.Mode,
        MTimeNs = status.MTimeNs,
        Size = status.Size,
        Inode = status.Inode,
        Content = chunks,
    };

    private static Dictionary<string, TreeNode> ByName(Tree? tree) =>
        tree?.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal) ?? [];
}

/// <summary>A source path and the name it has in the snapshot's root tree.</summary>
internal sealed record SourcePath(string FullPath, string Name);
