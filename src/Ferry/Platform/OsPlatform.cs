using Ferry.Errors;
using Ferry.Platform.Linux;
using Ferry.Platform.MacOS;
using Ferry.Platform.Windows;

namespace Ferry.Platform;

/// <summary>
/// Chooses the platform layer once per process: the native implementation of this OS, or the
/// portable one when <c>FERRY_PLATFORM=portable</c> forces it (the test suite runs a second time so,
/// on Linux, to walk every path Windows and macOS take where they have no native code).
/// </summary>
internal static class OsPlatform
{
    /// <summary>The environment variable that forces an implementation: <c>native</c> (the default) or <c>portable</c>.</summary>
    public const string Variable = "FERRY_PLATFORM";

    private static readonly Lazy<PortablePlatform> Chosen = new(() => Choose(Environment.GetEnvironmentVariable(Variable)));

    public static PortablePlatform Current => Chosen.Value;

    public static PortablePlatform Choose(string? forced) => forced?.Trim().ToUpperInvariant() switch
    {
        null or "" or "NATIVE" => Native(),
        "PORTABLE" => new PortablePlatform(),
        _ => throw new FerryException($"{Variable} must be 'native' or 'portable', not '{forced}'"),
    };

    private static PortablePlatform Native()
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxPlatform();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new MacPlatform();
        }

        if (OperatingSystem.IsWindows())
        {
            return new WindowsPlatform();
        }

        return new PortablePlatform();
    }
}
