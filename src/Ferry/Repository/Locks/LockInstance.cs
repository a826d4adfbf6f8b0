using System.Security.Cryptography;
using Ferry.Platform;

namespace Ferry.Repository.Locks;

/// <summary>
/// This run of Ferry: a random id written into every lock it takes, and, while it holds one, a marker
/// file in the temp folder held with an OS lock (<see cref="HeldFile"/>). Another Ferry on this computer
/// that meets a lock whose marker nobody holds knows for certain that its process died, and removes it
/// at once; a lock without a marker here (another computer of the same name, another user, a container
/// with its own temp folder) waits until it is stale by the server's time.
/// </summary>
internal static class LockInstance
{
    private static readonly Lock Gate = new();
    private static HeldFile? _marker;
    private static int _holders;

    public static string Id { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>What a lock calls its holder: the computer, then the run (never the process id, which other computers reuse).</summary>
    public static string HostLabel => $"{Environment.MachineName}#{Id[..8]}";

    /// <summary>Called when a lock is taken: the marker exists while any lock is held.</summary>
    public static void Enter()
    {
        lock (Gate)
        {
            if (_holders++ == 0)
            {
                _marker = HeldFile.TryHold(MarkerOf(Id));
            }
        }
    }

    public static void Leave()
    {
        lock (Gate)
        {
            if (--_holders == 0)
            {
                _marker?.Dispose();
                _marker = null;
            }
        }
    }

    /// <summary>True when <paramref name="instance"/> ran on this computer and has died (its marker is here and unheld); the marker is removed.</summary>
    public static bool HasDiedHere(string? instance)
    {
        if (instance is null || instance == Id || instance.Length != 32 || !instance.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        var marker = MarkerOf(instance);
        if (!HeldFile.IsAbandoned(marker))
        {
            return false;
        }

        try
        {
            File.Delete(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another Ferry is removing it too.
        }

        return true;
    }

    private static string MarkerOf(string instance) => Path.Combine(Path.GetTempPath(), $"ferry-run-{instance}.lock");
}
