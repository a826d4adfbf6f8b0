using Ferry.Backup;
using Ferry.Repository;
using Ferry.Repository.Trees;
using Ferry.Restore;
using Ferry.Storage;

namespace Ferry.Foreign;

/// <summary>
/// Restores a foreign backup (a Cherry Studio zip in the bucket) through the same safe path as a
/// snapshot (<see cref="SafeRestore"/>: staging folder, swap, and with replace a safety snapshot
/// first): the archive is read in ranges, never whole; every entry is checked against its CRC-32,
/// and a damaged one is removed and reported rather than left wrong. The folder then holds what the
/// app keeps in its data folder (<c>IndexedDB/</c>, <c>Local Storage/</c>, <c>Data/</c>).
/// </summary>
public sealed class ForeignRestorer
{
    private readonly IObjectStore _store;
    private readonly string _key;
    private readonly SafeRestore _safe;
    private long _filesDone;
    private long _filesTotal;
    private long _bytesDone;
    private long _bytesTotal;

    /// <param name="store">Where the zip is.</param>
    /// <param name="key">The zip's key under the root.</param>
    /// <param name="options">Target, replace and host; includes do not apply to archives.</param>
    /// <param name="repository">Where a safety snapshot goes when replacing; null when there is none yet (then only a new or empty target works).</param>
    public ForeignRestorer(IObjectStore store, string key, RestoreOptions options, FerryRepository? repository = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _key = key;
        _safe = new SafeRestore(repository, options.Target, options.Replace, options.Host, options.LockWait);
    }

    /// <summary>Safe to read from any thread while <see cref="RunAsync"/> runs.</summary>
    public RestoreProgress Progress => RestoreProgress.Of(_safe, new(
        Interlocked.Read(ref _filesDone), Interlocked.Read(ref _filesTotal),
        Interlocked.Read(ref _bytesDone), Interlocked.Read(ref _bytesTotal), Interlocked.Read(ref _bytesDone)));

    /// <summary>True once the archive was opened and turned out to be the older <c>data.json</c> format.</summary>
    public bool IsLegacy { get; private set; }

    /// <summary>Restores the archive into a missing or empty folder, reading it in ranges and checking every entry's CRC.</summary>
    public async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        // Found before anything is touched: a mistyped key must not cost a safety snapshot.
        var backup = await ForeignBackups.FindAsync(_store, _key, cancellationToken).ConfigureAwait(false);
        return await _safe.RunAsync([], (staging, ct) => ExtractAsync(backup, staging, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RestoreResult> ExtractAsync(ForeignBackup backup, string target, CancellationToken cancellationToken)
    {
        var archive = await ForeignArchive.OpenAsync(_store, backup, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            IsLegacy = archive.IsLegacy;
            Interlocked.Exchange(ref _filesTotal, archive.Entries.Count(e => !e.IsDirectory));
            Interlocked.Exchange(ref _bytesTotal, archive.TotalBytes);
            RestoreTarget.EnsureSpace(target, archive.TotalBytes);
            var problems = new List<FileProblem>();
            Directory.CreateDirectory(target);
            foreach (var entry in archive.Entries)
            {
                var path = Path.Join(target, entry.Path);
                if (entry.IsDirectory)
                {
                    Directory.CreateDirectory(path);
                }
                else if (await WriteAsync(archive, entry, path, cancellationToken).ConfigureAwait(false) is { } problem)
                {
                    problems.Add(problem);
                }
            }

            // Deepest first: a folder's mtime set before its children are written would be undone.
            var folders = archive.Entries.Where(e => e.IsDirectory).ToList();
            for (var i = folders.Count - 1; i >= 0; i--)
            {
                FileMetadata.Apply(Path.Join(target, folders[i].Path), Node(folders[i]), isDirectory: true);
            }

            return new RestoreResult(Interlocked.Read(ref _filesDone), folders.Count, Interlocked.Read(ref _bytesDone), problems);
        }
    }

    private async Task<FileProblem?> WriteAsync(ForeignArchive archive, ArchiveEntry entry, string path, CancellationToken cancellationToken)
    {
        try
        {
            var source = await archive.OpenAsync(entry, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            FileMetadata.Apply(path, Node(entry), isDirectory: false);
            Interlocked.Increment(ref _filesDone);
            Interlocked.Add(ref _bytesDone, entry.Length);
            return null;
        }
        catch (CorruptDataException e)
        {
            File.Delete(path);
            return new FileProblem(path, $"not restored: {e.Message}");
        }
    }

    private static TreeNode Node(ArchiveEntry entry) => new()
    {
        Name = Path.GetFileName(entry.Path),
        Type = entry.IsDirectory ? NodeType.Directory : NodeType.File,
        Mode = entry.Mode,
        MTimeNs = entry.MTimeNs,
    };
}
