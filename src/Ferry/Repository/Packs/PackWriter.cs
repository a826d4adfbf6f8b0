using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Ferry.Repository.Crypto;

namespace Ferry.Repository.Packs;

/// <summary>
/// Collects encrypted blobs into one pack: blob | blob | ... | sealed header | header length (4 bytes, LE).
/// Many small chunks become one object of several MiB: fewer requests, and the provider sees only
/// pack sizes. Not thread-safe; the caller serialises access.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private readonly List<PackedBlob> _blobs = [];
    private byte[] _buffer;
    private int _length;

    public PackWriter(ArrayPool<byte> pool, int initialCapacity)
    {
        _pool = pool;
        _buffer = pool.Rent(initialCapacity);
    }

    public int Length => _length;

    public int Count => _blobs.Count;

    public void Add(BlobType type, ChunkId id, ReadOnlySpan<byte> sealedBlob, int rawLength)
    {
        Reserve(sealedBlob.Length);
        sealedBlob.CopyTo(_buffer.AsSpan(_length));
        _blobs.Add(new PackedBlob(type, id, (uint)_length, (uint)sealedBlob.Length, (uint)rawLength));
        _length += sealedBlob.Length;
    }

    /// <summary>Encrypts a blob's frame (<see cref="BlobCodec.FrameRented"/>) straight into the pack.</summary>
    public void Seal(BlobType type, ChunkId id, MasterKey key, ReadOnlySpan<byte> frame, int rawLength)
    {
        var sealedLength = Aead.SealedLength(frame.Length);
        Reserve(sealedLength);
        Aead.Seal(key.EncryptionKey, frame, _buffer.AsSpan(_length, sealedLength));
        _blobs.Add(new PackedBlob(type, id, (uint)_length, (uint)sealedLength, (uint)rawLength));
        _length += sealedLength;
    }

    /// <summary>True when one more blob of <paramref name="sealedLength"/> bytes, and the header then needed, stay within <paramref name="capacity"/>.</summary>
    public bool Fits(int sealedLength, int capacity) =>
        (long)_length + sealedLength + PackHeader.SealedSize(_blobs.Count + 1) + PackHeader.TrailerSize <= capacity;

    /// <summary>Appends the header and hands the finished pack over; this writer must not be used again.</summary>
    public FinishedPack Finish(MasterKey key)
    {
        var header = PackHeader.Seal(key, _blobs);
        Reserve(header.Length + PackHeader.TrailerSize);
        header.CopyTo(_buffer.AsSpan(_length));
        _length += header.Length;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), header.Length);
        _length += PackHeader.TrailerSize;

        var id = new ChunkId(SHA256.HashData(_buffer.AsSpan(0, _length)));
        var pack = new FinishedPack(id, _buffer, _length, [.. _blobs], _pool);
        _buffer = [];
        return pack;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            _pool.Return(_buffer);
            _buffer = [];
        }
    }

    private void Reserve(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var bigger = _pool.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        // Not returned to the pool: a pool keeps what it is given for good, and the small buffers a
        // pack outgrew are rarely asked for again (see BlobSaver.Append). The GC takes them back.
        _buffer = bigger;
    }
}

/// <summary>A complete pack ready to upload. Returns its buffer to the pool when disposed.</summary>
internal sealed class FinishedPack(ChunkId id, byte[] buffer, int length, IReadOnlyList<PackedBlob> blobs, ArrayPool<byte> pool) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ChunkId Id { get; } = id;

    public IReadOnlyList<PackedBlob> Blobs { get; } = blobs;

    public int Length { get; } = length;

    public string Key => PackNames.KeyOf(Id);

    public ReadOnlyMemory<byte> Bytes => (_buffer ?? throw new ObjectDisposedException(nameof(FinishedPack))).AsMemory(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            pool.Return(buffer);
        }
    }
}
