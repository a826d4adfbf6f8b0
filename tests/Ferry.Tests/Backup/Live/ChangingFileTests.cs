using Ferry.Testing;

namespace Ferry.Tests.Backup.Live;

public sealed class ChangingFileTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly LiveRepository _repository = new();

    [Fact]
    public async Task A_file_that_keeps_growing_during_the_backup_is_reported_and_the_rest_is_stored()
    {
        var source = _temp.Sub("App");
        Directory.CreateDirectory(Path.Combine(source, "logs"));
        var log = Path.Combine(source, "logs", "main.log");
        await File.WriteAllBytesAsync(log, new byte[16 * 1024 * 1024]);
        await File.WriteAllTextAsync(Path.Combine(source, "config.json"), "{}");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            using var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            while (!stop.IsCancellationRequested)
            {
                stream.Write("a line the app logs\n"u8);
                stream.Flush();
            }
        });

        var backup = await _repository.BackupAsync(source);
        await stop.CancelAsync();
        await writer;

        var problem = Assert.Single(backup.Problems);
        Assert.Equal(log, problem.Path);
        Assert.Contains("changed while being read 3 times", problem.Message);
        Assert.Equal(2, backup.Snapshot.Summary.Files);
    }

    public void Dispose() => _temp.Dispose();
}
