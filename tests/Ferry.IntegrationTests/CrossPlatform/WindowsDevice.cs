using Ferry.Storage.S3;
using Ferry.Testing;
using Ferry.Testing.Processes;

namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>
/// A Windows computer: the Windows build under Wine with its own config file, cache and host name.
/// Its folders live in a Linux temp folder, named to it by their Z: paths.
/// </summary>
public sealed class WindowsDevice : IDisposable
{
    private readonly WindowsBuild _build;
    private readonly TempFolder _folder = new();

    public WindowsDevice(WindowsBuild build, string host, string password = "the same password on every device")
    {
        _build = build;
        Environment["FERRY_CONFIG"] = WinPath("home/ferry/config.json");
        Environment["FERRY_CACHE_DIR"] = WinPath("cache");
        Environment["FERRY_HOST"] = host;
        Environment["FERRY_PASSWORD"] = password;
    }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>A path of this device as the test (Linux) sees it.</summary>
    public string Path(string name) => _folder.Sub(name);

    /// <summary>The same path as the Windows build sees it.</summary>
    public string WinPath(string name) => WindowsBuild.WindowsPath(_folder.Sub(name));

    public WindowsDevice UseS3(S3Settings s3)
    {
        Device.SetS3(Environment, s3);
        return this;
    }

    public Task<ProcessRun> RunAsync(params string[] args) => _build.FerryAsync(Environment, args);

    public void Dispose() => _folder.Dispose();
}
