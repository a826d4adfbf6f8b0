using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ferry.Repository.Chunking;

/// <summary>
/// FastCDC content-defined chunking (Xia et al., USENIX ATC 2016) with normalised chunking level 2
/// and cut-point skipping. Boundaries follow the content, so an insertion early in a file only
/// changes the chunks around it, and the same bytes in two files or on two devices dedup.
/// </summary>
/// <remarks>
/// The gear table comes from the repository's random seed (as restic picks a random polynomial),
/// so chunk boundaries, and the sizes they would reveal, differ between repositories.
/// The masks use the hash's top bits: with the shift-left gear hash those depend on the last 64 bytes.
/// </remarks>
internal sealed class FastCdc
{
    private readonly ulong[] _gear;
    private readonly ulong _maskSmall;
    private readonly ulong _maskLarge;

    public FastCdc(ReadOnlySpan<byte> seed, int minSize, int averageSize, int maxSize)
    {
        if (minSize < 64 || !(minSize < averageSize && averageSize < maxSize) || !BitOperations.IsPow2(averageSize))
        {
            throw new ArgumentException($"chunk sizes must satisfy 64 <= min < avg < max with avg a power of two (got {minSize}/{averageSize}/{maxSize})");
        }

        MinSize = minSize;
        AverageSize = averageSize;
        MaxSize = maxSize;
        var bits = BitOperations.Log2((uint)averageSize);
        _maskSmall = ulong.MaxValue << (64 - (bits + 2));
        _maskLarge = ulong.MaxValue << (64 - (bits - 2));
        _gear = GearTable(seed);
    }

    public int MinSize { get; }

    public int AverageSize { get; }

    public int MaxSize { get; }

    /// <summary>
    /// The length of the chunk that starts <paramref name="data"/>. Pass at least <see cref="MaxSize"/>
    /// bytes, or everything that is left at the end of the input.
    /// </summary>
    public int NextCut(ReadOnlySpan<byte> data)
    {
        var length = Math.Min(data.Length, MaxSize);
        if (length <= MinSize)
        {
            return length;
        }

        ref var gear = ref MemoryMarshal.GetArrayDataReference(_gear);
        ref var bytes = ref MemoryMarshal.GetReference(data);
        var normal = Math.Min(AverageSize, length);
        ulong hash = 0;
        var i = MinSize;
        for (; i < normal; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & _maskSmall) == 0)
            {
                return i + 1;
            }
        }

        for (; i < length; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & _maskLarge) == 0)
            {
                return i + 1;
            }
        }

        return length;
    }

    /// <summary>The 256 gear values for <paramref name="seed"/> (internal for the format's test vectors).</summary>
    internal static ulong[] GearTable(ReadOnlySpan<byte> seed)
    {
        var table = new ulong[256];
        Span<byte> input = stackalloc byte[seed.Length + 4];
        seed.CopyTo(input);
        Span<byte> hash = stackalloc byte[32];
        for (var block = 0; block < 64; block++)
        {
            BinaryPrimitives.WriteInt32BigEndian(input[seed.Length..], block);
            SHA256.HashData(input, hash);
            for (var j = 0; j < 4; j++)
            {
                table[(block * 4) + j] = BinaryPrimitives.ReadUInt64BigEndian(hash[(j * 8)..]);
            }
        }

        return table;
    }
}
