using Ferry.Foreign;

namespace Ferry.Tests.Foreign;

public sealed class CherryBackupNameTests
{
    [Theory]
    [InlineData("cherry-studio.20250314093000.Anns-MacBook-Pro.local.mac.zip", "Anns-MacBook-Pro.local", "mac", "macos")]
    [InlineData("cherry-studio.20241231235959.DESKTOP-7QK2L.windows.zip", "DESKTOP-7QK2L", "windows", "windows")]
    [InlineData("cherry-studio.20250101000000.ann-thinkpad.linux.zip", "ann-thinkpad", "linux", "linux")]
    [InlineData("cherry-studio.20250101000000.unknown.unknown.zip", "unknown", "unknown", "unknown")]
    public void The_host_device_and_time_come_from_the_name(string key, string host, string device, string os)
    {
        var backup = CherryBackupName.TryParse(key, 42);

        Assert.NotNull(backup);
        Assert.Equal(host, backup.Host);
        Assert.Equal(device, backup.Device);
        Assert.Equal(os, backup.Os);
        Assert.Equal(42, backup.Size);
        Assert.Equal("cherry-studio", backup.App);
    }

    [Fact]
    public void The_time_is_the_devices_clock_to_the_second()
    {
        Assert.Equal(new DateTime(2025, 3, 14, 9, 30, 0), CherryBackupName.TryParse("cherry-studio.20250314093000.h.mac.zip", 0)!.Time);
    }

    [Theory]
    [InlineData("cherry-studio.backup.zip")]
    [InlineData("cherry-studio.202503140930.h.mac.zip")]
    [InlineData("cherry-studio.20251314093000.h.mac.zip")]
    [InlineData("old/cherry-studio.20250314093000.h.mac.zip")]
    [InlineData("cherry-studio.20250314093000.h.mac.zip.tmp")]
    [InlineData("snapshots/0a1b2c")]
    public void Other_keys_are_not_Cherry_Studio_backups(string key)
    {
        Assert.Null(CherryBackupName.TryParse(key, 0));
        Assert.False(ForeignBackups.IsForeignKey(key));
    }
}
