using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ferry.Backup.Live;

/// <summary>
/// Takes a consistent copy of an SQLite database that another program may be writing, through
/// SQLite's online backup API: the copy is the database as of one committed transaction, with
/// its write-ahead log folded in. The source is opened read-only and never written.
/// </summary>
internal sealed class SqliteCopier(PrivateTempFolder temp)
{
    /// <summary>
    /// How long to wait for a writer's lock. Writers hold it for milliseconds; a program that keeps
    /// the database locked for good (Chromium's exclusive locking mode) makes Ferry fall back to
    /// reading the files, so waiting longer would only slow every backup down.
    /// </summary>
    private const int BusyTimeoutMs = 500;

    /// <summary>The path of a consistent copy in the private temp folder (the caller deletes it), or null and why not.</summary>
    public string? TryCopy(string path, SqliteJournal journal, out string? reason)
    {
        reason = null;
        // Opening a WAL database whose -wal or -shm is missing would create them in the source
        // folder. Without a -wal nobody has the database open in WAL mode, so its file alone is
        // complete and a settled read of it is as good as a copy.
        if (journal == SqliteJournal.Wal && !(File.Exists(path + "-wal") && File.Exists(path + "-shm")))
        {
            reason = "WAL database without its -wal and -shm files";
            return null;
        }

        var copy = temp.NewFile(".sqlite");
        try
        {
            using (var source = Open(path, SqliteOpenMode.ReadOnly))
            using (var destination = Open(copy, SqliteOpenMode.ReadWriteCreate))
            {
                raw.sqlite3_busy_timeout(source.Handle, BusyTimeoutMs);
                var backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
                // One step copies every page under one read transaction: one moment of the database.
                var rc = raw.sqlite3_backup_step(backup, -1);
                raw.sqlite3_backup_finish(backup);
                if (rc != raw.SQLITE_DONE)
                {
                    reason = raw.sqlite3_errstr(rc).utf8_to_string();
                    Delete(copy);
                    return null;
                }
            }

            return copy;
        }
        catch (SqliteException e)
        {
            reason = e.Message;
            Delete(copy);
            return null;
        }
    }

    public static void Delete(string copy)
    {
        foreach (var suffix in (string[])["", .. FileGroups.SqliteSuffixes])
        {
            File.Delete(copy + suffix);
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // No pooling: a pooled connection would keep the source file open after the copy.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
