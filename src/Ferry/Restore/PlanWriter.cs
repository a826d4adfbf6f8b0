using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Ferry.Backup;
using Ferry.Platform;
using Ferry.Platform.Names;
using Ferry.Repository;
using Ferry.Repository.Packs;
using Ferry.Storage;

namespace Ferry.Restore;

/// <summary>
/// Writes a restore into a fresh folder, batch by batch (<see cref="RestorePlan"/>). Each pack is
/// downloaded once per batch, in ranged reads of at most <see cref="MaxPiece"/> that skip large unused
/// gaps, several at a time; every blob is verified against its id before a byte of it is written, and
/// a file whose data is damaged or missing is removed and reported rather than left wrong.
/// </summary>
internal sealed class PlanWriter
{
    /// <summary>Unused bytes between two wanted blobs up to which one ranged read is cheaper than two.</summary>
    private const long MaxGap = 1024 * 1024;

    /// <summary>
    /// The most one ranged read asks for. Small enough that a pack is fetched by several requests at
    /// once and the last piece of a restore is written moments after it arrives; large enough that the
    /// pieces in flight (parallelism × this: 16 MiB) exceed the bandwidth-delay product of a home line
    /// (100 Mbit/s × 80 ms = 1 MB) many times over, so the round trip of each request stays hidden.
    /// </summary>
    private const long MaxPiece = 2 * 1024 * 1024;

    private readonly FerryRepository _repository;
    private readonly int _parallelism;
    private readonly ConcurrentDictionary<PlannedFile, string> _damaged = new();
    private long _filesDone;
    private long _bytesDone;
    private long _bytesDownloaded;
    private long _filesTotal;
    private long _bytesTotal;

    public PlanWriter(FerryRepository repository, int parallelism)
    {
        _repository = repository;
        _parallelism = parallelism;
    }

    public RestoreProgress Progress => new(
        Interlocked.Read(ref _filesDone), Interlocked.Read(ref _filesTotal),
        Interlocked.Read(ref _bytesDone), Interlocked.Read(ref _bytesTotal), Interlocked.Read(ref _bytesDownloaded));

    /// <summary>The totals are known once the first walk is done: progress can show a percentage from then on.</summary>
    public void Expect(long files, long bytes)
    {
        Interlocked.Exchange(ref _filesTotal, files);
        Interlocked.Exchange(ref _bytesTotal, bytes);
    }

    /// <summary>Writes one batch of the plan (its paths point into a folder that did not exist before).</summary>
    public async Task WriteBatchAsync(RestorePlan plan, CancellationToken cancellationToken)
    {
        foreach (var (file, reason) in plan.Unrestorable)
        {
            _damaged[file] = reason;
        }

        foreach (var (path, _) in plan.Directories)
        {
            NamedFiles.CreateDirectory(path);
        }

        CreateEmptyFiles(plan);
        var pieces = plan.Packs.SelectMany(pack => Pieces(pack.Value.Values).Select(piece => (Key: PackNames.KeyOf(pack.Key), Blobs: piece)));
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(pieces, options, (piece, ct) => new ValueTask(RestorePieceAsync(piece.Key, piece.Blobs, ct))).ConfigureAwait(false);
    }

    /// <summary>
    /// After the last batch: removes what could not be restored whole, makes the symlinks (listing
    /// those this computer does not allow), sets folder times.
    /// </summary>
    public RestoreResult Finish(RestoreWalk walk)
    {
        var problems = RemoveDamaged();
        var skipped = new List<FileProblem>();
        foreach (var (path, node) in walk.Symlinks)
        {
            if (NamedFiles.NeedsBytes(path) || NamedFiles.NeedsBytes(node.Target!))
            {
                // Bytes that are not UTF-8 exist only on Linux, where links are always allowed.
                NamedFiles.CreateSymbolicLink(path, node.Target!);
            }
            else if (OsPlatform.Current.CreateSymlink(path, node.Target!) is { } why)
            {
                skipped.Add(new FileProblem(path, $"symbolic link to {node.Target} not made: {why}"));
            }
        }

        // Deepest first: setting a folder's mtime before its children are written would be undone.
        for (var i = walk.Directories.Count - 1; i >= 0; i--)
        {
            FileMetadata.Apply(walk.Directories[i].Path, walk.Directories[i].Node, isDirectory: true);
        }

        return new RestoreResult(Interlocked.Read(ref _filesDone), walk.Directories.Count, Interlocked.Read(ref _bytesDone), problems) { Skipped = skipped };
    }

    /// <summary>Empty files are made now; the others when their first chunk arrives, so a one-chunk file costs one open.</summary>
    private void CreateEmptyFiles(RestorePlan plan)
    {
        foreach (var file in plan.Files.Where(f => f.Node.Size == 0 && !f.Damaged))
        {
            NamedFiles.OpenWrite(file.Path, createNew: true).Dispose();
            Finish(file);
        }
    }

    /// <summary>Downloads one piece of a pack (contiguous blobs) and writes its blobs.</summary>
    private async Task RestorePieceAsync(string key, List<PlannedBlob> piece, CancellationToken cancellationToken)
    {
        var start = piece[0].Location.Offset;
        var length = (int)(piece[^1].Location.Offset + (long)piece[^1].Location.Length - start);
        // Pooled and reused: a restore's garbage does not grow with its size.
        var bytes = PackBuffers.Pool.Rent(length);
        try
        {
            try
            {
                await _repository.Store.ReadRangeAsync(key, start, bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _bytesDownloaded, length);
            }
            catch (ObjectNotFoundException)
            {
                MarkDamaged(piece, $"pack {key} is missing from the repository");
                return;
            }
            catch (StorageException e) when (e.Kind is StorageErrorKind.Other or StorageErrorKind.Corrupt)
            {
                MarkDamaged(piece, $"pack {key} cannot be read: {e.Message}");
                return;
            }

            WriteRange(key, piece, bytes, start);
        }
        finally
        {
            PackBuffers.Pool.Return(bytes);
        }
    }

    /// <summary>
    /// Verifies and writes each blob of a downloaded range as it comes. A pack holds a file's chunks
    /// next to each other, so the file's handle stays open across them: opening (and creating) files
    /// is the costly part of a restore. Plaintext goes through one pooled buffer.
    /// </summary>
    private void WriteRange(string key, List<PlannedBlob> range, byte[] bytes, long start)
    {
        var open = new Dictionary<PlannedFile, SafeFileHandle>();
        var buffer = ArrayPool<byte>.Shared.Rent((int)range.Max(b => b.Location.RawLength));
        try
        {
            foreach (var blob in range)
            {
                var plain = buffer.AsSpan(0, (int)blob.Location.RawLength);
                try
                {
                    _repository.DecodeBlobInto(blob.Id, blob.Location, bytes.AsSpan((int)(blob.Location.Offset - start), (int)blob.Location.Length), plain);
                }
                catch (CorruptDataException e)
                {
                    MarkDamaged([blob], $"{e.Message} ({key})");
                    continue;
                }

                foreach (var (file, offset) in blob.Targets)
                {
                    if (file.Damaged)
                    {
                        continue;
                    }

                    if (!open.TryGetValue(file, out var handle))
                    {
                        // No SetLength up front: pieces arriving out of order extend the file by themselves,
                        // and an ftruncate before the first write made creating each file ten times slower on ext4.
                        open[file] = handle = NamedFiles.OpenWrite(file.Path, createNew: false);
                    }

                    RandomAccess.Write(handle, plain, offset);
                    Interlocked.Add(ref _bytesDone, plain.Length);
                    if (file.Wrote(plain.Length))
                    {
                        handle.Dispose();
                        open.Remove(file);
                        Finish(file);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var handle in open.Values)
            {
                handle.Dispose();
            }
        }
    }

    private void Finish(PlannedFile file)
    {
        FileMetadata.Apply(file.Path, file.Node, isDirectory: false);
        Interlocked.Increment(ref _filesDone);
    }

    private void MarkDamaged(IEnumerable<PlannedBlob> blobs, string reason)
    {
        foreach (var blob in blobs)
        {
            foreach (var (file, _) in blob.Targets)
            {
                file.Damaged = true;
                _damaged.TryAdd(file, reason);
            }
        }
    }

    /// <summary>Deletes files that could not be restored completely: a missing file is honest, a wrong one is not.</summary>
    private List<FileProblem> RemoveDamaged()
    {
        var problems = new List<FileProblem>();
        foreach (var (file, reason) in _damaged.OrderBy(d => d.Key.Path, StringComparer.Ordinal))
        {
            NamedFiles.DeleteFile(file.Path);
            problems.Add(new FileProblem(file.Path, $"not restored: {reason}"));
        }

        return problems;
    }

    /// <summary>
    /// Groups a pack's wanted blobs into pieces to read: a new piece starts where the unused gap exceeds
    /// <see cref="MaxGap"/> or the piece would grow past <see cref="MaxPiece"/> (a blob is never split).
    /// </summary>
    private static List<List<PlannedBlob>> Pieces(IEnumerable<PlannedBlob> blobs)
    {
        var pieces = new List<List<PlannedBlob>>();
        List<PlannedBlob>? current = null;
        long currentStart = 0;
        long currentEnd = 0;
        foreach (var blob in blobs.OrderBy(b => b.Location.Offset))
        {
            var end = blob.Location.Offset + (long)blob.Location.Length;
            if (current is null || blob.Location.Offset - currentEnd > MaxGap || end - currentStart > MaxPiece)
            {
                current = [];
                pieces.Add(current);
                currentStart = blob.Location.Offset;
            }

            current.Add(blob);
            currentEnd = end;
        }

        return pieces;
    }
}
