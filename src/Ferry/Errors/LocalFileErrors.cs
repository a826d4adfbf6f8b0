using System.Net.Sockets;

namespace Ferry.Errors;

/// <summary>
/// Failures of this computer's own files: a folder that cannot be created, no permission, a full
/// disk. .NET's message names the path and the reason, so front ends show it as it is, like a
/// <see cref="FerryException"/>, instead of reporting a bug. The network's failures arrive as
/// <see cref="IOException"/> too, but the storage layer turns those into its own errors; any that
/// slips through is not a file's and stays a bug.
/// </summary>
public static class LocalFileErrors
{
    /// <summary>Whether <paramref name="e"/> is a failure of a local file or folder.</summary>
    public static bool Is(Exception e) =>
        e is UnauthorizedAccessException
        || (e is IOException and not HttpIOException && e.InnerException is not SocketException);
}
