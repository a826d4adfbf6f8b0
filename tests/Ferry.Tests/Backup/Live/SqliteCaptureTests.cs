using Ferry.Testing;
using Ferry.Testing.Backup;
using Microsoft.Data.Sqlite;

namespace Ferry.Tests.Backup.Live;

public sealed class SqliteCaptureTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly LiveRepository _repository = new();

    [Fact]
    public async Task A_WAL_database_open_in_another_connection_is_stored_with_its_log_folded_in_and_without_its_wal()
    {
        var source = _temp.Sub("App");
        var db = Path.Combine(source, "Data", "chats");
        SqliteDb.Create(db, rows: 100, wal: true);
        using var writer = SqliteDb.Open(db);
        SqliteDb.Execute(writer, "pragma wal_autocheckpoint=0");
        SqliteDb.Insert(writer, 100, 400);
        var before = Directory.GetFiles(Path.Combine(source, "Data")).Select(Path.GetFileName).Order().ToList();

        var backup = await _repository.BackupAsync(source);
        var restore = await _repository.RestoreAsync(backup.SnapshotId, _temp.Sub("restored"));

        Assert.Empty(backup.Problems);
        Assert.Empty(restore.Problems);
        Assert.Equal(["chats"], Directory.GetFiles(_temp.Sub("restored/Data")).Select(Path.GetFileName));
        Assert.Equal(500, SqliteDb.Count(_temp.Sub("restored/Data/chats")));
        Assert.Equal("ok", SqliteDb.IntegrityCheck(_temp.Sub("restored/Data/chats")));
        Assert.Equal(before, Directory.GetFiles(Path.Combine(source, "Data")).Select(Path.GetFileName).Order().ToList());
    }

    [Fact]
    public async Task A_commit_that_only_reaches_the_wal_makes_the_next_backup_copy_the_database_again()
    {
        var source = _temp.Sub("App");
        var db = Path.Combine(source, "agents.db");
        SqliteDb.Create(db, rows: 10, wal: true);
        using var writer = SqliteDb.Open(db);
        SqliteDb.Execute(writer, "pragma wal_autocheckpoint=0");
        SqliteDb.Insert(writer, 10, 10);
        await _repository.BackupAsync(source);
        var unchanged = await _repository.BackupAsync(source);
        var mainBefore = File.GetLastWriteTimeUtc(db);
        await Task.Delay(20);

        SqliteDb.Insert(writer, 20, 5);
        var changed = await _repository.BackupAsync(source);
        await _repository.RestoreAsync(changed.SnapshotId, _temp.Sub("restored"));

        Assert.Equal(mainBefore, File.GetLastWriteTimeUtc(db));
        Assert.Equal(1, unchanged.Snapshot.Summary.UnchangedFiles);
        Assert.Equal(1, changed.Snapshot.Summary.ChangedFiles);
        Assert.Equal(25, SqliteDb.Count(_temp.Sub("restored/agents.db")));
    }

    [Fact]
    public async Task A_rollback_journal_database_is_found_by_its_header_whatever_its_name()
    {
        var source = _temp.Sub("App");
        var db = Path.Combine(source, "KnowledgeBase", "index.bin");
        SqliteDb.Create(db, rows: 300, wal: false);

        var backup = await _repository.BackupAsync(source);
        await _repository.RestoreAsync(backup.SnapshotId, _temp.Sub("restored"));

        Assert.Empty(backup.Problems);
        Assert.Equal(300, SqliteDb.Count(_temp.Sub("restored/KnowledgeBase/index.bin")));
        Assert.Equal("ok", SqliteDb.IntegrityCheck(_temp.Sub("restored/KnowledgeBase/index.bin")));
    }

    [Fact]
    public async Task A_database_locked_for_good_by_its_app_is_read_as_files_without_waiting_long()
    {
        var source = _temp.Sub("App");
        var db = Path.Combine(source, "Cookies");
        SqliteDb.Create(db, rows: 50, wal: false);
        using var app = SqliteDb.Open(db);
        SqliteDb.Execute(app, "pragma locking_mode=exclusive");
        SqliteDb.Insert(app, 50, 1);
        var started = TimeProvider.System.GetTimestamp();

        var backup = await _repository.BackupAsync(source);
        await _repository.RestoreAsync(backup.SnapshotId, _temp.Sub("restored"));

        Assert.Empty(backup.Problems);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(51, SqliteDb.Count(_temp.Sub("restored/Cookies")));
    }

    [Fact]
    public async Task A_file_beside_a_wal_that_is_no_database_is_stored_with_its_neighbours_as_they_are()
    {
        var source = _temp.Sub("App");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "notes"), "not a database");
        await File.WriteAllTextAsync(Path.Combine(source, "notes-wal"), "not a log either");

        var backup = await _repository.BackupAsync(source);
        await _repository.RestoreAsync(backup.SnapshotId, _temp.Sub("restored"));

        TreeAssert.Identical(source, _temp.Sub("restored"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
