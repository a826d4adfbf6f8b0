using System.Reflection;

namespace Ferry;

/// <summary>The engine's version and the platform names recorded in snapshots.</summary>
public static class FerryVersion
{
    /// <summary>The engine's version (without the commit), recorded in every snapshot.</summary>
    public static string Current { get; } =
        typeof(FerryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>The device type as the seed app names it: linux, macos or windows.</summary>
    public static string OsName { get; } =
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsLinux() ? "linux" : "other";
}
