using System.Buffers.Binary;
using Ferry.Repository.Index;
using Ferry.Storage;

namespace Ferry.Repository.Packs;

/// <summary>Reads a pack's own header (two ranged reads from its end) without downloading its data.</summary>
internal static class PackReader
{
    /// <summary>Headers larger than this are corrupt, not a reason to allocate.</summary>
    private const int MaxHeaderSize = 64 * 1024 * 1024;

    public static async Task<IndexedPack> ReadHeaderAsync(FerryRepository repository, ObjectInfo pack, CancellationToken cancellationToken)
    {
        if (!PackNames.TryParseKey(pack.Key, out var id))
        {
            throw new ArgumentException($"'{pack.Key}' is not a pack key", nameof(pack));
        }

        var name = id.ToShortString();
        if (pack.Size < PackHeader.TrailerSize)
        {
            throw new CorruptDataException($"pack {name} is too short ({pack.Size} bytes)");
        }

        var trailer = await repository.Store.GetRangeAsync(pack.Key, pack.Size - PackHeader.TrailerSize, PackHeader.TrailerSize, cancellationToken).ConfigureAwait(false);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        var headerOffset = pack.Size - PackHeader.TrailerSize - headerLength;
        if (headerLength <= 0 || headerLength > MaxHeaderSize || headerOffset < 0)
        {
            throw new CorruptDataException($"pack {name} has an impossible header length {headerLength}");
        }

        var header = await repository.Store.GetRangeAsync(pack.Key, headerOffset, headerLength, cancellationToken).ConfigureAwait(false);
        return new IndexedPack(id, pack.Size, PackHeader.Open(repository.Key, header, headerOffset, name));
    }
}
