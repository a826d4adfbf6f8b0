using Ferry.Repository.Chunking;

namespace Ferry.Tests.Repository;

public sealed class FastCdcTests
{
    private static readonly byte[] Seed = new byte[32];
    private readonly FastCdc _chunker = new(Seed, 64 * 1024, 256 * 1024, 1024 * 1024);

    [Fact]
    public void Chunks_stay_within_the_minimum_and_maximum_and_cover_the_input()
    {
        var data = Random(8 * 1024 * 1024, seed: 1);

        var sizes = Cut(data);

        Assert.Equal(data.Length, sizes.Sum());
        Assert.All(sizes.SkipLast(1), s => Assert.InRange(s, 64 * 1024 + 1, 1024 * 1024));
        Assert.InRange(sizes.Average(), 150 * 1024, 450 * 1024);
    }

    [Fact]
    public void An_insertion_changes_only_the_chunks_around_it()
    {
        var data = Random(6 * 1024 * 1024, seed: 2);
        var edited = data[..3_000_000].Concat("inserted by the user"u8.ToArray()).Concat(data[3_000_000..]).ToArray();

        var before = Chunks(data);
        var after = Chunks(edited);

        var shared = after.Intersect(before).Count();
        Assert.True(shared >= before.Count - 2, $"only {shared} of {before.Count} chunks survived a 20-byte insertion");
    }

    [Fact]
    public void Another_seed_gives_other_boundaries()
    {
        var data = Random(4 * 1024 * 1024, seed: 3);
        var other = new FastCdc(Enumerable.Repeat((byte)7, 32).ToArray(), 64 * 1024, 256 * 1024, 1024 * 1024);

        Assert.NotEqual(Cut(data), Cut(data, other));
    }

    [Fact]
    public void Short_input_is_one_chunk()
    {
        Assert.Equal(1000, _chunker.NextCut(new byte[1000]));
        Assert.Equal(0, _chunker.NextCut([]));
    }

    private List<int> Cut(byte[] data, FastCdc? chunker = null)
    {
        chunker ??= _chunker;
        var sizes = new List<int>();
        for (var offset = 0; offset < data.Length;)
        {
            var n = chunker.NextCut(data.AsSpan(offset));
            sizes.Add(n);
            offset += n;
        }

        return sizes;
    }

    private List<string> Chunks(byte[] data)
    {
        var result = new List<string>();
        var offset = 0;
        foreach (var size in Cut(data))
        {
            result.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data.AsSpan(offset, size))));
            offset += size;
        }

        return result;
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
