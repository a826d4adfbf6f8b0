using System.Buffers;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ferry.Repository;
using Ferry.Repository.Chunking;
using Ferry.Repository.Compression;
using Ferry.Repository.Crypto;
using Ferry.Repository.Packs;

namespace Ferry.Benchmarks;

/// <summary>Content-defined chunking: finding every cut point in 64 MiB of random bytes.</summary>
[MemoryDiagnoser]
public class ChunkerBenchmarks
{
    private const int Size = 64 * 1024 * 1024;
    private readonly FastCdc _chunker = new(new byte[32], FormatDefaults.ChunkerMin, FormatDefaults.ChunkerAvg, FormatDefaults.ChunkerMax);
    private readonly byte[] _data = Inputs.Random(Size);

    [Benchmark(Description = "FastCdc.NextCut, 64 MiB")]
    [BytesPerOperation(Size)]
    public int Chunk()
    {
        var chunks = 0;
        for (var at = 0; at < _data.Length; chunks++)
        {
            at += _chunker.NextCut(_data.AsSpan(at));
        }

        return chunks;
    }
}

/// <summary>Chunk ids (HMAC-SHA-256) against the platform's plain SHA-256, one 256 KiB chunk.</summary>
public class HashBenchmarks
{
    private readonly MasterKey _key = MasterKey.CreateRandom();
    private readonly byte[] _chunk = Inputs.Random(Inputs.Chunk);
    private readonly byte[] _hash = new byte[32];

    [Benchmark(Description = "MasterKey.IdOf (HMAC-SHA-256), 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public ChunkId ChunkId() => _key.IdOf(_chunk);

    [Benchmark(Baseline = true, Description = "platform SHA256.HashData, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public int Sha256() => SHA256.HashData(_chunk, _hash);
}

/// <summary>zstd level 3 on a compressible and an incompressible 256 KiB chunk.</summary>
public class CompressionBenchmarks
{
    private readonly byte[] _text = Inputs.Text(Inputs.Chunk);
    private readonly byte[] _random = Inputs.Random(Inputs.Chunk);
    private readonly byte[] _output = new byte[Zstd.CompressBound(Inputs.Chunk)];

    [Benchmark(Description = "Zstd.TryCompress text, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public int Text() => Zstd.TryCompress(_text, _output);

    [Benchmark(Description = "Zstd.TryCompress random, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public int Random() => Zstd.TryCompress(_random, _output);
}

/// <summary>AES-256-GCM: Ferry's Aead.Seal (a fresh nonce and AesGcm per call) against one reused AesGcm.</summary>
public class EncryptionBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _chunk = Inputs.Random(Inputs.Chunk);
    private readonly byte[] _sealed = new byte[Aead.SealedLength(Inputs.Chunk)];
    private readonly byte[] _nonce = new byte[Aead.NonceSize];
    private readonly byte[] _tag = new byte[Aead.TagSize];
    private AesGcm? _gcm;

    [GlobalSetup]
    public void Setup() => _gcm = new AesGcm(_key, Aead.TagSize);

    [GlobalCleanup]
    public void Cleanup() => _gcm?.Dispose();

    [Benchmark(Description = "Aead.Seal (AES-256-GCM), 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public void Seal() => Aead.Seal(_key, _chunk, destination: _sealed.AsSpan());

    [Benchmark(Baseline = true, Description = "platform AesGcm.Encrypt, reused, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public void Encrypt() => _gcm!.Encrypt(_nonce, _chunk, _sealed.AsSpan(0, Inputs.Chunk), _tag);
}

/// <summary>A blob as stored: compress when it pays, frame, encrypt.</summary>
public class BlobCodecBenchmarks
{
    private readonly MasterKey _key = MasterKey.CreateRandom();
    private readonly byte[] _text = Inputs.Text(Inputs.Chunk);
    private readonly byte[] _random = Inputs.Random(Inputs.Chunk);

    [Benchmark(Description = "BlobCodec.Encode text, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public byte[] Text() => BlobCodec.Encode(_key, _text);

    [Benchmark(Description = "BlobCodec.Encode random, 256 KiB")]
    [BytesPerOperation(Inputs.Chunk)]
    public byte[] Random() => BlobCodec.Encode(_key, _random);
}

/// <summary>One 8 MiB pack: add 32 sealed 256 KiB blobs, then seal the header and hash the pack.</summary>
[MemoryDiagnoser]
public class PackWriterBenchmarks
{
    private const int Blobs = FormatDefaults.PackSize / Inputs.Chunk;
    private readonly MasterKey _key = MasterKey.CreateRandom();
    private readonly byte[][] _sealed = [.. Enumerable.Range(0, Blobs).Select(_ => Inputs.Random(Aead.SealedLength(Inputs.Chunk)))];
    private readonly ChunkId[] _ids = [.. Enumerable.Range(0, Blobs).Select(_ => new ChunkId(Inputs.Random(32)))];

    [Benchmark(Description = "PackWriter add + Finish, 8 MiB")]
    [BytesPerOperation((long)Blobs * Inputs.Chunk)]
    public int AddAndFinish()
    {
        using var writer = new PackWriter(ArrayPool<byte>.Shared, FormatDefaults.PackSize + (64 * 1024));
        for (var i = 0; i < Blobs; i++)
        {
            writer.Add(BlobType.Data, _ids[i], _sealed[i], Inputs.Chunk);
        }

        using var pack = writer.Finish(_key);
        return pack.Length;
    }
}
