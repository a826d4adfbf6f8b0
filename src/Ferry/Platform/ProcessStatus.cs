using System.Diagnostics;

namespace Ferry.Platform;

/// <summary>Whether a process of this machine still runs: how leftovers of a killed Ferry are told from a live one's.</summary>
internal static class ProcessStatus
{
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
