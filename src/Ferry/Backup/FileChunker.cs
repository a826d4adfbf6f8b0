using System.Buffers;
using Ferry.Repository.Chunking;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Backup;

/// <summary>
/// Reads one file front to back, cuts it into content-defined chunks, names each by its keyed hash
/// and hands the new ones to the <see cref="BlobSaver"/>. Sealing happens on the saver's workers,
/// so reading and hashing here overlap with compression and encryption there.
/// </summary>
internal sealed class FileChunker(FastCdc chunker, MasterKey key, BlobSaver saver, BackupCounters counters)
{
    private const int ReadSize = 1024 * 1024;

    /// <summary>The file's chunk ids in order, and the number of bytes read.</summary>
    public async Task<(List<ChunkId> Chunks, long Length)> ChunkAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = Platform.Names.NamedFiles.OpenRead(path, FileOptions.SequentialScan);
        long offset = 0;
        return await ChunkAsync((buffer, _) =>
        {
            var n = RandomAccess.Read(handle, buffer.Span, offset);
            offset += n;
            return ValueTask.FromResult(n);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same for a stream read to its end (an entry of a zip archive).</summary>
    public Task<(List<ChunkId> Chunks, long Length)> ChunkAsync(Stream stream, CancellationToken cancellationToken) =>
        ChunkAsync((buffer, ct) => stream.ReadAsync(buffer, ct), cancellationToken);

    private async Task<(List<ChunkId> Chunks, long Length)> ChunkAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(chunker.MaxSize + ReadSize);
        try
        {
            var chunks = new List<ChunkId>();
            long total = 0;
            var filled = 0;
            var atEnd = false;
            while (true)
            {
                while (!atEnd && filled < chunker.MaxSize)
                {
                    var n = await read(buffer.AsMemory(filled, Math.Min(ReadSize, buffer.Length - filled)), cancellationToken).ConfigureAwait(false);
                    atEnd = n == 0;
                    filled += n;
                    total += n;
                    counters.BytesRead(n);
                }

                var start = 0;
                while (filled - start >= chunker.MaxSize || (atEnd && start < filled))
                {
                    var length = chunker.NextCut(buffer.AsSpan(start, filled - start));
                    var chunk = buffer.AsMemory(start, length);
                    var id = key.IdOf(chunk.Span);
                    chunks.Add(id);
                    await saver.SaveAsync(BlobType.Data, id, chunk, cancellationToken).ConfigureAwait(false);
                    start += length;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
                if (atEnd && filled == 0)
                {
                    return (chunks, total);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
