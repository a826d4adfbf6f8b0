using Ferry.Storage;

namespace Ferry.Foreign;

/// <summary>
/// A stored object as a seekable, read-only stream, read in ranged blocks: a zip archive of any
/// size is read without holding it in memory (the seed app's 2 GiB ceiling).
/// </summary>
internal sealed class ObjectStream(IObjectReader reader, string key, long length) : Stream
{
    private const int BlockSize = 4 * 1024 * 1024;

    private byte[] _block = [];
    private long _blockStart = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        var start = _position / BlockSize * BlockSize;
        if (start != _blockStart)
        {
            _block = await reader.GetRangeAsync(key, start, (int)Math.Min(BlockSize, length - start), cancellationToken).ConfigureAwait(false);
            _blockStart = start;
        }

        var offset = (int)(_position - start);
        var n = Math.Min(buffer.Length, _block.Length - offset);
        _block.AsMemory(offset, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads exist for the Stream contract; Ferry's own code reads asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// As a file does: a seek before the start is an <see cref="IOException"/>, which a damaged archive
    /// causes (an object shorter than the zip's end record sends the reader before the start).
    /// </summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return Position = target >= 0 ? target : throw new IOException($"{key}: a seek to {target}, before the start of the object");
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
