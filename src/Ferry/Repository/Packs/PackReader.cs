using Ferry.Repository.Index;
using Ferry.Storage;

namespace Ferry.Repository.Packs;

/// <summary>Reads a pack's own header (two ranged reads from its end) without downloading its data.</summary>
internal static class PackReader
{
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
        var (headerOffset, headerLength) = PackHeader.Locate(pack.Size, trailer, name);
        var header = await repository.Store.GetRangeAsync(pack.Key, headerOffset, headerLength, cancellationToken).ConfigureAwait(false);
        return new IndexedPack(id, pack.Size, PackHeader.Open(repository.Key, header, headerOffset, name));
    }
}
