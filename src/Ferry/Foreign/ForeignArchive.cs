using System.IO.Compression;
using System.Text.Json;
using Ferry.Errors;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Storage;

namespace Ferry.Foreign;

/// <summary>One entry of a foreign archive: where it lands below the app's data folder, and its metadata.</summary>
internal sealed record ArchiveEntry(string Path, bool IsDirectory, int Mode, long MTimeNs, long Length, ZipArchiveEntry Zip);

/// <summary>
/// A Cherry Studio backup zip, read in ranges from the store. Its entries map onto the app's data
/// folder (<c>IndexedDB/</c>, <c>Local Storage/</c>, <c>Data/</c>); <c>metadata.json</c> describes
/// the archive and is not part of the folder. Every path is checked before anything is written.
/// </summary>
internal sealed class ForeignArchive : IAsyncDisposable
{
    private const string MetadataName = "metadata.json";
    private const int MaxMetadataSize = 1024 * 1024;

    /// <summary>
    /// The modes in a zip are whatever its maker wrote (setuid, world-writable…): they are not used.
    /// 0 means "none": restored entries get the modes new files and folders get here.
    /// </summary>
    private const int DefaultMode = 0;

    private readonly ZipArchive _zip;

    private ForeignArchive(ForeignBackup backup, ZipArchive zip, List<ArchiveEntry> entries, DateTimeOffset? made)
    {
        Backup = backup;
        _zip = zip;
        Entries = entries;
        Made = made;
    }

    public ForeignBackup Backup { get; }

    /// <summary>Folders and files, in archive order; folders that only appear in paths are listed too.</summary>
    public IReadOnlyList<ArchiveEntry> Entries { get; }

    /// <summary>When the app made the archive, from its metadata.json (older archives have none).</summary>
    public DateTimeOffset? Made { get; }

    /// <summary>True for the older format: a <c>data.json</c> export that only the app itself can load.</summary>
    public bool IsLegacy => Entries.Any(e => e.Path == "data.json");

    public long TotalBytes => Entries.Sum(e => e.Length);

    public static async Task<ForeignArchive> OpenAsync(IObjectReader store, ForeignBackup backup, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(new ObjectStream(store, backup.Key, backup.Size), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // IOException: the reader seeking before the start of an object too short to be a zip.
            throw new CorruptDataException($"{backup.Key} is not a readable zip archive: {e.Message}", e);
        }

        try
        {
            var entries = Map(zip, backup.Key);
            var made = await ReadMadeAsync(zip, backup.Key, cancellationToken).ConfigureAwait(false);
            return new ForeignArchive(backup, zip, entries, made);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // The central directory is read lazily, on the first look at the entries.
            await zip.DisposeAsync().ConfigureAwait(false);
            throw new CorruptDataException($"{backup.Key} is not a readable zip archive: {e.Message}", e);
        }
        catch
        {
            await zip.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The entry's content, checked against its CRC-32 when the end is read.</summary>
    public async Task<Stream> OpenAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var inner = await entry.Zip.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new VerifiedEntryStream(inner, entry.Zip.Crc32, entry.Length, $"{entry.Path} in {Backup.Key}");
        }
        catch (InvalidDataException e)
        {
            throw new CorruptDataException($"{entry.Path} in {Backup.Key} cannot be read: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => _zip.DisposeAsync();

    private static List<ArchiveEntry> Map(ZipArchive zip, string key)
    {
        var entries = new List<ArchiveEntry>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zipEntry in zip.Entries)
        {
            var path = zipEntry.FullName.Replace('\\', '/').TrimEnd('/');
            var unixMode = (int)((uint)zipEntry.ExternalAttributes >> 16);
            var isDirectory = zipEntry.FullName.EndsWith('/') || zipEntry.FullName.EndsWith('\\') || (unixMode & 0xF000) == 0x4000;
            if (path.Length == 0 || path == MetadataName)
            {
                continue;
            }

            var segments = path.Split('/');
            if (segments.Length > TreeDepth.Max)
            {
                throw new CorruptDataException($"{key} nests folders more than {TreeDepth.Max} levels deep ('{zipEntry.FullName[..64]}…'): it was not made by Cherry Studio; nothing was written");
            }

            if (!segments.All(Names.EntryName.IsValid))
            {
                throw new CorruptDataException($"{key} holds the unsafe path '{zipEntry.FullName}': nothing was written");
            }

            if ((unixMode & 0xF000) == 0xA000)
            {
                throw new FerryException($"{key} holds a symbolic link '{path}', which a Cherry Studio backup never does: nothing was written");
            }

            // Folders that only appear in paths still need a place in the tree.
            for (var i = 1; i < segments.Length; i++)
            {
                var parent = string.Join('/', segments[..i]);
                if (folders.Add(parent))
                {
                    entries.Add(new ArchiveEntry(parent, true, DefaultMode, 0, 0, zipEntry));
                }
            }

            if (isDirectory && !folders.Add(path))
            {
                continue;
            }

            var mtime = (zipEntry.LastWriteTime.UtcDateTime - DateTime.UnixEpoch).Ticks * 100;
            entries.Add(new ArchiveEntry(path, isDirectory, DefaultMode, mtime, isDirectory ? 0 : zipEntry.Length, zipEntry));
        }

        return entries;
    }

    private static async Task<DateTimeOffset?> ReadMadeAsync(ZipArchive zip, string key, CancellationToken cancellationToken)
    {
        var entry = zip.GetEntry(MetadataName);
        if (entry is null || entry.Length > MaxMetadataSize)
        {
            return null;
        }

        try
        {
            var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return json.RootElement.TryGetProperty("timestamp", out var ms) && ms.TryGetInt64(out var value)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(value)
                    : null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new CorruptDataException($"the metadata.json of {key} is damaged: {e.Message}", e);
        }
    }
}
