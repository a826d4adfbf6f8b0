using Ferry.Scheduling;
using Ferry.Testing;

namespace Ferry.Tests.Scheduling;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupLockTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void The_lock_file_beside_the_config_is_private_even_when_an_older_version_made_it()
    {
        var fresh = BackupLock.PathFor(_temp.Sub("a/config.json"));
        var older = BackupLock.PathFor(_temp.Sub("b/config.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(older)!);
        File.WriteAllBytes(older, []);
        File.SetUnixFileMode(older, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using (var first = BackupLock.TryAcquire(fresh))
        using (var second = BackupLock.TryAcquire(older))
        {
            Assert.NotNull(first);
            Assert.NotNull(second);
            Assert.Null(BackupLock.TryAcquire(fresh));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(older));
        using var again = BackupLock.TryAcquire(fresh);
        Assert.NotNull(again);
    }

    public void Dispose() => _temp.Dispose();
}
