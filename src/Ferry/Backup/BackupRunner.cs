using Ferry.Backup.Live;
using Ferry.Errors;
using Ferry.Platform;
using Ferry.Repository;
using Ferry.Repository.Packs;
using Ferry.Repository.Snapshots;
using Ferry.Repository.Trees;

namespace Ferry.Backup;

/// <summary>
/// One backup: finds the parent snapshot, walks the sources, stores what is new, and writes the
/// snapshot last, after every pack and index it depends on is stored.
/// </summary>
public sealed class BackupRunner
{
    private readonly FerryRepository _repository;
    private readonly BackupOptions _options;
    private readonly BackupCounters _counters = new();
    private BlobSaver? _saver;

    /// <summary>A backup of <paramref name="options"/>'s paths into <paramref name="repository"/>; nothing happens until <see cref="RunAsync"/>.</summary>
    public BackupRunner(FerryRepository repository, BackupOptions options)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _options = options;
    }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs.</summary>
    public BackupProgress Progress => _counters.Read(_saver?.UploadedBytes ?? 0);

    /// <summary>Runs the backup and stores its snapshot last. Files that could not be read are in <see cref="BackupResult.Problems"/>, not in the snapshot; canceled, it stores no snapshot (what was uploaded is reused by the next run).</summary>
    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = _repository.Time.GetTimestamp();
        var sources = ResolveSources(_options.Paths);
        var excludes = new ExcludeFilter(_options.Excludes);

        // The folders are read while the bucket is asked for the lock, the parent and the index: on
        // a link 20-200 ms away that is several round trips of local work the walk then need not do.
        await using var listing = SourceListing.Start(sources, excludes, _counters, cancellationToken);

        // The snapshots are listed while the lock is taken: choosing the parent needs no lock, and
        // whatever the parent says is stored is checked against the index, which is read under it.
        var parentSearch = FindParentAsync(sources, cancellationToken);
        SnapshotWrite write;
        try
        {
            write = await SnapshotWrite.BeginAsync(_repository, "backup", _options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            parentSearch.Abandon();
            throw;
        }

        await using (write.ConfigureAwait(false))
        {
            var parent = await parentSearch.ConfigureAwait(false);
            var parentRoot = await LoadParentRootAsync(parent, cancellationToken).ConfigureAwait(false);

            _saver = write.Saver;
            using var temp = new PrivateTempFolder();
            using var archiver = new Archiver(_repository, write.Saver, write.Chunker(_counters), new SqliteCopier(temp), excludes, listing, _counters, _options.FileParallelism);
            var root = await archiver.SaveRootAsync(sources, parentRoot, cancellationToken).ConfigureAwait(false);
            await write.FlushAsync(cancellationToken).ConfigureAwait(false);

            var snapshot = new Snapshot
            {
                Time = _repository.Time.GetUtcNow(),
                Host = _options.Host,
                Os = FerryVersion.OsName,
                User = Environment.UserName,
                Paths = [.. sources.Select(s => s.FullPath)],
                Tags = _options.Tags,
                Tree = root,
                Parent = parent?.Id,
                FerryVersion = FerryVersion.Current,
                Summary = archiver.Summary(write.Saver.AddedBytes, (long)_repository.Time.GetElapsedTime(started).TotalMilliseconds),
            };
            var id = await write.CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
            return new BackupResult(id, snapshot, parent?.Id, [.. archiver.Problems]);
        }
    }

    /// <summary>The newest snapshot of this host with the same set of paths: its files are the "before".</summary>
    private async Task<SnapshotEntry?> FindParentAsync(IReadOnlyList<SourcePath> sources, CancellationToken cancellationToken)
    {
        var paths = sources.Select(s => s.FullPath).Order(StringComparer.Ordinal).ToList();
        var snapshots = await _repository.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        return snapshots.FirstOrDefault(s => s.Snapshot.Host == _options.Host && s.Snapshot.Paths.Order(StringComparer.Ordinal).SequenceEqual(paths));
    }

    /// <summary>
    /// The parent's root folder, or null when it cannot be read: the parent was listed before the lock
    /// was held, so a prune may have removed it since. Then every file is simply read again.
    /// </summary>
    private async Task<Tree?> LoadParentRootAsync(SnapshotEntry? parent, CancellationToken cancellationToken)
    {
        if (parent is null)
        {
            return null;
        }

        try
        {
            return await _repository.LoadTreeAsync(parent.Snapshot.Tree, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CorruptDataException or Storage.ObjectNotFoundException)
        {
            return null;
        }
    }

    private static List<SourcePath> ResolveSources(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new FerryException("nothing to back up: name at least one folder");
        }

        var sources = new List<SourcePath>();
        foreach (var path in paths)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            try
            {
                if (FileStatus.Of(full).Kind is not (EntryKind.File or EntryKind.Directory))
                {
                    throw new FerryException($"'{path}' is not a folder or a file");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FerryException($"cannot back up '{path}': {e.Message}", e);
            }

            var name = Path.GetFileName(full);
            sources.Add(new SourcePath(full, name.Length == 0 ? "root" : name));
        }

        var clash = sources.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new FerryException($"two paths are both named '{clash.Key}' ({string.Join(", ", clash.Select(s => s.FullPath))}): back them up separately");
        }

        return sources;
    }
}
