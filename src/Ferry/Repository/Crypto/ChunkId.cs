using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ferry.Repository.Crypto;

/// <summary>
/// A 32-byte id: the keyed hash of a chunk or tree (HMAC-SHA-256 under the repository's id key),
/// or the plain SHA-256 of a stored object. Stored as four words so lookups in large indexes are cheap.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ChunkId : IEquatable<ChunkId>, IComparable<ChunkId>
{
    /// <summary>The id's length in bytes (32).</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    /// <summary>An id from its 32 bytes.</summary>
    public ChunkId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an id has {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>An id from its 64 hex characters; throws <see cref="FormatException"/> for anything else.</summary>
    public static ChunkId Parse(string hex)
    {
        if (hex is null || hex.Length != Size * 2)
        {
            throw new FormatException($"'{hex}' is not a {Size * 2}-character hex id");
        }

        return new ChunkId(Convert.FromHexString(hex));
    }

    /// <summary>An id from its 64 hex characters, or false.</summary>
    public static bool TryParse(string? hex, out ChunkId id)
    {
        id = default;
        if (hex is null || hex.Length != Size * 2 || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        id = new ChunkId(Convert.FromHexString(hex));
        return true;
    }

    /// <summary>Writes the id's 32 bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The id's 32 bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <inheritdoc/>
    public override string ToString() => Convert.ToHexStringLower(ToBytes());

    /// <summary>The first eight hex characters, as shown to people.</summary>
    public string ToShortString() => ToString()[..8];

    /// <inheritdoc/>
    public bool Equals(ChunkId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ChunkId other && Equals(other);

    // The id is already a uniform hash: any word of it is a good hash code.
    /// <inheritdoc/>
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    /// <inheritdoc/>
    public int CompareTo(ChunkId other)
    {
        var c = _a.CompareTo(other._a);
        if (c == 0) { c = _b.CompareTo(other._b); }
        if (c == 0) { c = _c.CompareTo(other._c); }
        return c == 0 ? _d.CompareTo(other._d) : c;
    }

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator ==(ChunkId left, ChunkId right) => left.Equals(right);

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator !=(ChunkId left, ChunkId right) => !left.Equals(right);

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator <(ChunkId left, ChunkId right) => left.CompareTo(right) < 0;

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator >(ChunkId left, ChunkId right) => left.CompareTo(right) > 0;

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator <=(ChunkId left, ChunkId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares the ids byte by byte, as <see cref="CompareTo"/> does.</summary>
    public static bool operator >=(ChunkId left, ChunkId right) => left.CompareTo(right) >= 0;
}
