using System.Text;

namespace Ferry.Backup.Live;

/// <summary>Recognises SQLite databases by their 100-byte header, whatever they are called.</summary>
internal static class SqliteFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>The database's journal mode as its header states it, or null when the file is not an SQLite database.</summary>
    public static SqliteJournal? Probe(string path)
    {
        Span<byte> header = stackalloc byte[20];
        try
        {
            using var handle = Platform.Names.NamedFiles.OpenRead(path);
            if (RandomAccess.Read(handle, header, 0) < header.Length || !header[..Magic.Length].SequenceEqual(Magic))
            {
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the read that follows reports it
        }

        // Bytes 18 and 19: file format write and read versions, 2 in WAL mode, 1 otherwise.
        return header[18] == 2 ? SqliteJournal.Wal : SqliteJournal.Rollback;
    }
}

internal enum SqliteJournal
{
    Rollback,
    Wal,
}
