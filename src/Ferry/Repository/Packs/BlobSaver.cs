using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Ferry.Repository.Crypto;
using Ferry.Repository.Index;

namespace Ferry.Repository.Packs;

/// <summary>
/// The write path of a backup: deduplicates blobs, compresses and encrypts them on every core,
/// packs them, uploads packs in parallel and writes an index every few packs.
/// <code>
/// SaveAsync ──► seal workers (zstd + AES-GCM) ──► pack per blob type ──► upload workers ──► index
/// </code>
/// Bounded channels between the stages keep memory flat: a slow network slows the readers instead
/// of filling RAM. The first failure in any stage stops them all and is rethrown.
/// </summary>
internal sealed class BlobSaver : IAsyncDisposable
{
    /// <summary>Packs indexed per index object: an interrupted backup loses at most this many packs of work to re-upload.</summary>
    private const int PacksPerIndex = 8;

    /// <summary>The first pack of each type goes out once it holds this much (see <see cref="Append"/>).</summary>
    internal const int FirstPackBytes = 1024 * 1024;

    private static ArrayPool<byte> Pool => PackBuffers.Pool;

    private readonly FerryRepository _repository;
    private readonly MasterIndex _index;
    private readonly ConcurrentDictionary<ChunkId, byte> _queued = new();
    private readonly Channel<SealJob> _sealQueue;
    private readonly Channel<FinishedPack> _uploadQueue;
    private readonly Task[] _sealers;
    private readonly Task[] _uploaders;
    private readonly PackWriter?[] _writers = new PackWriter?[2];
    private readonly bool[] _filledOne = new bool[2];
    private readonly bool[] _sentFirst = new bool[2];
    private readonly Lock _packGate = new();
    private readonly Lock _indexGate = new();
    private readonly List<IndexedPack> _unindexed = [];
    private readonly CancellationTokenSource _failed;
    private readonly SemaphoreSlim _indexWrites = new(1, 1);
    private Exception? _firstFailure;
    private long _addedBytes;
    private long _uploadedBytes;

    public BlobSaver(FerryRepository repository, MasterIndex index, int sealers, int uploaders, CancellationToken cancellationToken)
    {
        _repository = repository;
        _index = index;
        _failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sealQueue = Channel.CreateBounded<SealJob>(new BoundedChannelOptions(sealers * 2) { SingleReader = false });
        _uploadQueue = Channel.CreateBounded<FinishedPack>(new BoundedChannelOptions(2) { SingleReader = false });
        _sealers = [.. Enumerable.Range(0, sealers).Select(_ => Task.Run(SealLoopAsync))];
        _uploaders = [.. Enumerable.Range(0, uploaders).Select(_ => Task.Run(UploadLoopAsync))];
    }

    /// <summary>Bytes this run stored that the repository did not have (encrypted blob sizes).</summary>
    public long AddedBytes => Interlocked.Read(ref _addedBytes);

    /// <summary>Bytes of packs uploaded so far.</summary>
    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    /// <summary>True when the repository has the blob, or this run is already storing it.</summary>
    public bool Has(ChunkId id) => _index.CanReuse(id) || _queued.ContainsKey(id);

    /// <summary>
    /// Stores a blob unless it is already known. The plaintext is copied, so the caller may reuse
    /// its buffer as soon as this returns. Returns false for a duplicate.
    /// </summary>
    public async ValueTask<bool> SaveAsync(BlobType type, ChunkId id, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        if (_index.CanReuse(id) || !_queued.TryAdd(id, 0))
        {
            return false;
        }

        var copy = Pool.Rent(plaintext.Length);
        plaintext.Span.CopyTo(copy);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
            await _sealQueue.Writer.WriteAsync(new SealJob(type, id, copy, plaintext.Length), linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            Pool.Return(copy);
            await ThrowFirstFailureAsync().ConfigureAwait(false);
            throw;
        }

        return true;
    }

    /// <summary>Seals what is queued, uploads the last packs and writes the final index. After this, everything saved is durable.</summary>
    public async Task FlushAsync()
    {
        try
        {
            _sealQueue.Writer.TryComplete();
            await Task.WhenAll(_sealers).ConfigureAwait(false);
            foreach (var type in new[] { BlobType.Data, BlobType.Tree })
            {
                var pack = TakeWriter(type)?.Finish(_repository.Key);
                if (pack is not null)
                {
                    await _uploadQueue.Writer.WriteAsync(pack, _failed.Token).ConfigureAwait(false);
                }
            }

            _uploadQueue.Writer.TryComplete();
            await Task.WhenAll(_uploaders).ConfigureAwait(false);
            await WriteIndexAsync(force: true, _failed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ThrowFirstFailureAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _failed.CancelAsync().ConfigureAwait(false);
        _sealQueue.Writer.TryComplete();
        _uploadQueue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_sealers.Concat(_uploaders)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported by FlushAsync or SaveAsync; disposal only releases resources.
        }

        while (_sealQueue.Reader.TryRead(out var job))
        {
            Pool.Return(job.Buffer);
        }

        while (_uploadQueue.Reader.TryRead(out var pack))
        {
            pack.Dispose();
        }

        foreach (var writer in _writers)
        {
            writer?.Dispose();
        }

        _failed.Dispose();
        _indexWrites.Dispose();
    }

    private async Task SealLoopAsync()
    {
        try
        {
            await foreach (var job in _sealQueue.Reader.ReadAllAsync(_failed.Token).ConfigureAwait(false))
            {
                // Compressed here, on every core; encrypted straight into the pack under its lock (AES-GCM
                // is a fraction of zstd's cost), so no sealed copy of the chunk is made.
                byte[] frame;
                int frameLength;
                try
                {
                    frame = BlobCodec.FrameRented(job.Buffer.AsSpan(0, job.Length), out frameLength);
                }
                finally
                {
                    Pool.Return(job.Buffer);
                }

                FinishedPack? full;
                try
                {
                    full = Append(job.Type, job.Id, frame.AsSpan(0, frameLength), job.Length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }

                Interlocked.Add(ref _addedBytes, Aead.SealedLength(frameLength));
                if (full is not null)
                {
                    await _uploadQueue.Writer.WriteAsync(full, _failed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            await FailAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records the first real failure before stopping the other stages, so it is what the caller sees.</summary>
    private async Task FailAsync(Exception e)
    {
        if (e is not OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e, null);
        }

        await _failed.CancelAsync().ConfigureAwait(false);
    }

    private FinishedPack? Append(BlobType type, ChunkId id, ReadOnlySpan<byte> frame, int rawLength)
    {
        // A pack is closed before a blob would push it (with its header) past pack_size, so a full-size
        // buffer is exactly pack_size and the pool hands the same buffers round.
        var size = _repository.Config.PackSize;
        var sealedLength = Aead.SealedLength(frame.Length);
        lock (_packGate)
        {
            FinishedPack? full = null;
            var writer = _writers[(int)type];
            if (writer is not null && writer.Count > 0 && !writer.Fits(sealedLength, size))
            {
                full = writer.Finish(_repository.Key);
                writer = null;
                _filledOne[(int)type] = true;
            }

            // The first pack of each type starts small and grows by doubling up to pack_size: a backup
            // that adds little (an unchanged or slightly changed folder, the tree pack of most backups)
            // never holds a full-size buffer. Once one pack filled up, more data is coming: the next
            // ones start at full size instead of copying themselves three times on the way.
            writer ??= _writers[(int)type] = new PackWriter(Pool, _filledOne[(int)type] ? size : Math.Min(size, 1024 * 1024));
            writer.Seal(type, id, _repository.Key, frame, rawLength);

            // A small change (a few MB) fits in one pack, which would only go out once every file
            // was read: on a home line its upload then starts a whole local pass late. Sending the
            // first megabyte at once puts the link to work while the rest is read (docs/ROUNDTRIPS.md).
            if (!_filledOne[(int)type] && !_sentFirst[(int)type] && writer.Length >= FirstPackBytes)
            {
                _sentFirst[(int)type] = true;
                full = writer.Finish(_repository.Key);
                _writers[(int)type] = null;
            }

            return full;
        }
    }

    private PackWriter? TakeWriter(BlobType type)
    {
        lock (_packGate)
        {
            var writer = _writers[(int)type];
            _writers[(int)type] = null;
            return writer;
        }
    }

    private async Task UploadLoopAsync()
    {
        try
        {
            await foreach (var pack in _uploadQueue.Reader.ReadAllAsync(_failed.Token).ConfigureAwait(false))
            {
                using (pack)
                {
                    await _repository.Store.PutAsync(pack.Key, pack.Bytes, _failed.Token).ConfigureAwait(false);
                    if (pack.Blobs.All(b => b.Type == BlobType.Tree))
                    {
                        // The next backup compares against these trees: keep them locally, as if read once.
                        _repository.Cache?.Write(pack.Key, pack.Bytes.Span);
                    }

                    Interlocked.Add(ref _uploadedBytes, pack.Length);
                    var indexed = new IndexedPack(pack.Id, pack.Length, pack.Blobs);
                    _index.Add(indexed);
                    foreach (var blob in pack.Blobs)
                    {
                        // Indexed now: the queue of ids in flight stays as small as the data in flight.
                        _queued.TryRemove(blob.Id, out _);
                    }

                    lock (_indexGate)
                    {
                        _unindexed.Add(indexed);
                    }
                }

                if (!_uploadQueue.Reader.Completion.IsCompleted)
                {
                    await WriteIndexAsync(force: false, _failed.Token).ConfigureAwait(false);
                }

                // Else the last packs are uploading: the final index (FlushAsync) names them all at
                // once, a round trip sooner than a periodic index followed by the final one.
            }
        }
        catch (Exception e)
        {
            await FailAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task WriteIndexAsync(bool force, CancellationToken cancellationToken)
    {
        List<IndexedPack> batch;
        lock (_indexGate)
        {
            if (_unindexed.Count == 0 || (!force && _unindexed.Count < PacksPerIndex))
            {
                return;
            }

            batch = [.. _unindexed];
            _unindexed.Clear();
        }

        await _indexWrites.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await IndexLoader.SaveAsync(_repository, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _indexWrites.Release();
        }
    }

    /// <summary>When a stage was cancelled because another failed, surface the real failure.</summary>
    private Task ThrowFirstFailureAsync()
    {
        if (Volatile.Read(ref _firstFailure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return Task.CompletedTask;
    }

    private readonly record struct SealJob(BlobType Type, ChunkId Id, byte[] Buffer, int Length);
}
