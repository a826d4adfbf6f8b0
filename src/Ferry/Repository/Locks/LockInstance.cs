using System.Security.Cryptography;
using Ferry.LocalFiles;

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

    /// <summary>
    /// A dead run's marker is kept this long, so that every lock it left (a run may hold several, a
    /// restore and its safety backup) is recognised by whoever meets it; by then the locks are stale
    /// by the server's time anyway.
    /// </summary>
    private static readonly TimeSpan KeepDeadMarkers = TimeSpan.FromHours(1);

    /// <summary>Called when a lock is taken: the marker exists while any lock is held.</summary>
    public static void Enter()
    {
        lock (Gate)
        {
            if (_holders++ == 0)
            {
                _marker = HeldFile.TryHold(MarkerOf(Id));
                SweepOldMarkers();
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

    /// <summary>True when <paramref name="instance"/> ran on this computer and has died (its marker is here and unheld).</summary>
    public static bool HasDiedHere(string? instance)
    {
        if (instance is null || instance == Id || instance.Length != 32 || !instance.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        // The marker stays: other locks of the same run may be met later, by this process or another.
        return HeldFile.IsAbandoned(MarkerOf(instance), keep: true);
    }

    /// <summary>
    /// Removes markers of dead runs older than <see cref="KeepDeadMarkers"/> (deleted as they are found
    /// unheld); "now" is the file system's, from this run's own marker, not this computer's clock.
    /// </summary>
    internal static void SweepOldMarkers()
    {
        try
        {
            var now = File.GetLastWriteTimeUtc(MarkerOf(Id));
            foreach (var marker in Directory.EnumerateFiles(Path.GetTempPath(), "ferry-run-*.lock"))
            {
                if (now - File.GetLastWriteTimeUtc(marker) > KeepDeadMarkers)
                {
                    HeldFile.IsAbandoned(marker, keep: false);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is optional: another user's marker, or one being removed by another run.
        }
    }

    private static string MarkerOf(string instance) => Path.Combine(Path.GetTempPath(), $"ferry-run-{instance}.lock");
}
