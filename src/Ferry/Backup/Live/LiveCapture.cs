using Ferry.Platform;
using Ferry.Repository.Trees;

namespace Ferry.Backup.Live;

/// <summary>
/// Captures a group of files as of one moment while their app may be writing them:
/// an SQLite database through SQLite's online backup API (its -wal, -shm and -journal are then
/// left out: the copy holds their content), a LevelDB folder as one set that stood still while it
/// was read, any other file read until it stood still.
/// </summary>
internal sealed class LiveCapture(FileChunker chunker, SqliteCopier sqlite, Func<TreeNode?, FileStatus, bool> isUnchanged)
{
    /// <summary>A file that keeps changing while it is read is read this many times before it is stored as last read.</summary>
    public const int FileAttempts = 3;

    /// <summary>A LevelDB folder moves more often than a file (every compaction); it gets more tries.</summary>
    public const int SetAttempts = 5;

    private readonly SettledReader _reader = new(chunker, isUnchanged);

    /// <summary>
    /// The group's nodes; <paramref name="listFiles"/> gives the folder's files now (excludes applied), for a set that may gain or lose files while it is read.
    /// <paramref name="listed"/> holds the statuses the walk read when it listed the folder: a file or database is judged unchanged on them
    /// rather than on a second stat a moment later (on Windows each stat opens a handle). A file that changes after that moment is
    /// stored as it was then, as any file that changes after its capture is; one that is read is stat'ed again around the read.
    /// </summary>
    public Task<GroupCapture> CaptureAsync(FileGroup group, IReadOnlyDictionary<string, TreeNode> previous, IReadOnlyDictionary<string, FileStatus> listed, Func<IReadOnlyList<string>> listFiles, CancellationToken cancellationToken)
    {
        if (group.Kind == FileGroupKind.LevelDb)
        {
            var problem = new FileProblem(group.Folder, $"this LevelDB folder changed while being read {SetAttempts} times; stored as last read, which may not open as one consistent set");
            return _reader.ReadAsync(group.Folder, listFiles, previous, SetAttempts, problem, cancellationToken);
        }

        return CaptureFileAsync(group, previous, listed, cancellationToken);
    }

    private async Task<GroupCapture> CaptureFileAsync(FileGroup group, IReadOnlyDictionary<string, TreeNode> previous, IReadOnlyDictionary<string, FileStatus> listed, CancellationToken cancellationToken)
    {
        var name = group.Names[0];
        var path = Path.Join(group.Folder, name);
        var siblings = group.Names.Skip(1).ToList();
        var unsettled = new FileProblem(path, $"changed while being read {FileAttempts} times; stored as last read");
        var status = StatusOf(group.Folder, name, listed);
        var effective = status with { MTimeNs = LatestWrite(group.Folder, siblings, status, listed) };

        // A database is unchanged when neither it nor its log was written since the parent snapshot;
        // with a WAL its size says nothing (the copy holds the log's pages too).
        var before = previous.GetValueOrDefault(name);
        var probe = before is not null && siblings.Contains(name + "-wal") ? effective with { Size = before.Size } : effective;
        if (!siblings.Any(previous.ContainsKey) && isUnchanged(before, probe))
        {
            return new GroupCapture(Files(name, new CapturedFile(before, CaptureKind.Unchanged), siblings), null);
        }

        var journal = SqliteFile.Probe(path);
        if (journal is not null && sqlite.TryCopy(path, journal.Value, out _) is { } copy)
        {
            try
            {
                var (chunks, length) = await chunker.ChunkAsync(copy, cancellationToken).ConfigureAwait(false);
                var node = SettledReader.Node(name, effective with { Size = length }, chunks);
                return new GroupCapture(Files(name, new CapturedFile(node, CaptureKind.Read), siblings), null);
            }
            finally
            {
                SqliteCopier.Delete(copy);
            }
        }

        // Not a database, or one SQLite cannot read now: the files as they are, read until they
        // stand still together. The -shm is shared memory SQLite rebuilds; it is never needed.
        var names = journal is null ? group.Names : group.Names.Where(n => !n.EndsWith("-shm", StringComparison.Ordinal)).ToList();
        var capture = await _reader.ReadAsync(group.Folder, () => names, previous, FileAttempts, unsettled, cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, CapturedFile>(capture.Files, StringComparer.Ordinal);
        foreach (var left in group.Names.Where(n => !files.ContainsKey(n)))
        {
            files[left] = new CapturedFile(null, CaptureKind.Omitted);
        }

        return capture with { Files = files };
    }

    /// <summary>The newest write to the database or its log: a WAL database's main file does not change when a transaction commits.</summary>
    private static long LatestWrite(string folder, IEnumerable<string> siblings, FileStatus status, IReadOnlyDictionary<string, FileStatus> listed)
    {
        var latest = status.MTimeNs;
        foreach (var sibling in siblings.Where(s => !s.EndsWith("-shm", StringComparison.Ordinal)))
        {
            try
            {
                latest = Math.Max(latest, StatusOf(folder, sibling, listed).MTimeNs);
            }
            catch (FileNotFoundException)
            {
            }
        }

        return latest;
    }

    private static FileStatus StatusOf(string folder, string name, IReadOnlyDictionary<string, FileStatus> listed) =>
        listed.TryGetValue(name, out var status) ? status : FileStatus.Of(Path.Join(folder, name));

    private static Dictionary<string, CapturedFile> Files(string name, CapturedFile main, IEnumerable<string> omitted)
    {
        var files = new Dictionary<string, CapturedFile>(StringComparer.Ordinal) { [name] = main };
        foreach (var sibling in omitted)
        {
            files[sibling] = new CapturedFile(null, CaptureKind.Omitted);
        }

        return files;
    }
}
