using Ferry.Platform;
using Ferry.Repository.Snapshots;

namespace Ferry.Backup;

/// <summary>
/// Reads the source folders ahead of the walk, in the walk's order (depth first, names sorted), from
/// the moment the backup starts: while the bucket is asked for the lock, the snapshots and the index,
/// the folders are listed and every entry is stat'ed once, and the walk that follows takes those
/// listings instead of reading the disk again (on Windows each stat opens a handle). It counts the
/// files and bytes it finds, which progress shows as the total.
/// <para>
/// A listing stands for its folder as of the moment it was read, as the walk's own listing would a
/// moment later: a file judged unchanged on it is stored as it was then, and a file that is read is
/// stat'ed again around the read. At most <see cref="MaxHeldEntries"/> entries wait for the walk;
/// beyond that the read-ahead only counts, and the walk lists those folders itself.
/// </para>
/// </summary>
internal sealed class SourceListing : IAsyncDisposable
{
    /// <summary>About 100 bytes each: a few MiB held at most, whatever the size of the tree.</summary>
    public const int MaxHeldEntries = 50_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FolderListing> _held = new(StringComparer.Ordinal);
    private readonly HashSet<string> _passed = new(StringComparer.Ordinal);
    private readonly ExcludeFilter _excludes;
    private readonly int _maxHeldEntries;
    private readonly CancellationTokenSource _stop;
    private Task _readAhead = Task.CompletedTask;
    private int _heldEntries;

    private SourceListing(ExcludeFilter excludes, int maxHeldEntries, CancellationToken cancellationToken)
    {
        _excludes = excludes;
        _maxHeldEntries = maxHeldEntries;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Starts reading every source in the background, counting into <paramref name="counters"/>; disposing stops it.</summary>
    public static SourceListing Start(IReadOnlyList<SourcePath> sources, ExcludeFilter excludes, BackupCounters counters, CancellationToken cancellationToken, int maxHeldEntries = MaxHeldEntries)
    {
        var listing = new SourceListing(excludes, maxHeldEntries, cancellationToken);
        listing._readAhead = Task.Run(() => listing.ReadAhead(sources, counters, listing._stop.Token), listing._stop.Token);
        return listing;
    }

    /// <summary>The folder's listing: the one read ahead, or read now when the read-ahead has not reached it (it then keeps none).</summary>
    public FolderListing Take(string folder, string relativePath)
    {
        lock (_gate)
        {
            if (_held.Remove(folder, out var listing))
            {
                _heldEntries -= listing.Entries.Count;
                return listing;
            }

            _passed.Add(folder);
        }

        return FolderListing.Read(folder, relativePath, _excludes);
    }

    /// <summary>Entries read ahead that the walk has not taken yet.</summary>
    public int HeldEntries
    {
        get
        {
            lock (_gate)
            {
                return _heldEntries;
            }
        }
    }

    /// <summary>Completes when the read-ahead has read every folder (or was stopped).</summary>
    public Task Completion => _readAhead;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _readAhead.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _stop.Dispose();
    }

    private void ReadAhead(IReadOnlyList<SourcePath> sources, BackupCounters counters, CancellationToken cancellationToken)
    {
        var pending = new Stack<(string Path, string Relative)>();
        foreach (var source in sources.Reverse())
        {
            try
            {
                var status = FileStatus.Of(source.FullPath);
                if (status.Kind == EntryKind.File)
                {
                    counters.Scanned(1, status.Size);
                }
                else if (status.Kind == EntryKind.Directory)
                {
                    pending.Push((source.FullPath, ""));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The walk reports it.
            }
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, relative) = pending.Pop();
            var listing = FolderListing.Read(folder, relative, _excludes);
            Hold(folder, listing);
            var subfolders = new List<(string, string)>();
            foreach (var (name, status) in listing.Entries)
            {
                if (status.Kind == EntryKind.File)
                {
                    counters.Scanned(1, status.Size);
                }
                else if (status.Kind == EntryKind.Directory)
                {
                    var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
                    if (!TreeDepth.TooDeepToBackUp(childRelative))
                    {
                        subfolders.Add((Path.Join(folder, name), childRelative));
                    }
                }
            }

            // Pushed last to first, so they are read first to last: the walk's order.
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }

        counters.ScanComplete();
    }

    private void Hold(string folder, FolderListing listing)
    {
        lock (_gate)
        {
            // A folder read twice (a source inside another source) is held once: the walk takes it once.
            if (!_passed.Contains(folder) && _heldEntries + listing.Entries.Count <= _maxHeldEntries && _held.TryAdd(folder, listing))
            {
                _heldEntries += listing.Entries.Count;
            }
        }
    }
}
