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
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

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

    public static ChunkId Parse(string hex)
    {
        if (hex is null || hex.Length != Size * 2)
        {
            throw new FormatException($"'{hex}' is not a {Size * 2}-character hex id");
        }

        return new ChunkId(Convert.FromHexString(hex));
    }

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

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString() => Convert.ToHexStringLower(ToBytes());

    /// <summary>The first eight hex characters, as shown to people.</summary>
    public string ToShortString() => ToString()[..8];

    public bool Equals(ChunkId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ChunkId other && Equals(other);

    // The id is already a uniform hash: any word of it is a good hash code.
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    public int CompareTo(ChunkId other)
    {
        var c = _a.CompareTo(other._a);
        if (c == 0) { c = _b.CompareTo(other._b); }
        if (c == 0) { c = _c.CompareTo(other._c); }
        return c == 0 ? _d.CompareTo(other._d) : c;
    }

    public static bool operator ==(ChunkId left, ChunkId right) => left.Equals(right);

    public static bool operator !=(ChunkId left, ChunkId right) => !left.Equals(right);

    public static bool operator <(ChunkId left, ChunkId right) => left.CompareTo(right) < 0;

    public static bool operator >(ChunkId left, ChunkId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChunkId left, ChunkId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChunkId left, ChunkId right) => left.CompareTo(right) >= 0;
}
