using Microsoft.Data.Sqlite;

namespace Ferry.Testing.Backup;

/// <summary>Small SQLite helpers: open without pooling (so files close when the test says), count rows, check integrity.</summary>
public static class SqliteDb
{
    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static long Count(string path, string table = "messages")
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return (long)Scalar(connection, $"select count(*) from {table}")!;
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return (string)Scalar(connection, "pragma integrity_check")!;
    }

    /// <summary>A database with <paramref name="rows"/> messages, in WAL mode or not, left closed.</summary>
    public static void Create(string path, int rows, bool wal)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = Open(path);
        Execute(connection, wal ? "pragma journal_mode=wal" : "pragma journal_mode=delete");
        Execute(connection, "create table messages(id integer primary key, body text)");
        Insert(connection, 0, rows);
    }

    public static void Insert(SqliteConnection connection, int from, int count)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "insert into messages(id, body) values ($id, $body)";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        for (var i = from; i < from + count; i++)
        {
            id.Value = i;
            body.Value = $"message {i} " + new string('x', 200);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
