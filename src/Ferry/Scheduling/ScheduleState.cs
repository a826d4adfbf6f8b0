using System.Text.Json;
using Ferry.LocalFiles;

namespace Ferry.Scheduling;

/// <summary>
/// What the scheduler remembers between runs: enough to know, after a restart, whether a backup is
/// overdue and how long to back off after failures. Shared by <c>ferry ui</c> and <c>ferry agent</c>.
/// </summary>
public sealed record ScheduleState
{
    /// <summary>When the last backup that stored a snapshot finished.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>The snapshot the last successful backup stored.</summary>
    public string? LastSnapshotId { get; init; }

    /// <summary>When the last backup of any outcome ended (success, failure or cancel).</summary>
    public DateTimeOffset? LastAttempt { get; init; }

    /// <summary>The last failure's one-line message; cleared by a success.</summary>
    public string? LastError { get; init; }

    /// <summary>When the last failure happened.</summary>
    public DateTimeOffset? LastErrorTime { get; init; }

    /// <summary>Failures since the last success: drives the retry backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>What the last automatic maintenance did, in one line (it runs after backups).</summary>
    public string? LastMaintenance { get; init; }

    /// <summary>When the last automatic maintenance ran.</summary>
    public DateTimeOffset? LastMaintenanceTime { get; init; }

    /// <summary>True when the last maintenance failed or its verification found damage: the page shows it as a problem.</summary>
    public bool MaintenanceProblem { get; init; }
}

/// <summary>The state file, next to the config file. Written whole and atomically, mode 0600.</summary>
public sealed class ScheduleStateFile
{
    /// <summary>The state file at <paramref name="path"/> (it need not exist yet).</summary>
    public ScheduleStateFile(string path)
    {
        Path = path;
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>The state file that belongs to a config file: <c>config.json</c> → <c>config.schedule.json</c>.</summary>
    public static ScheduleStateFile For(string configPath) =>
        new(System.IO.Path.ChangeExtension(configPath, null) + ".schedule.json");

    /// <summary>The saved state; a missing or unreadable file is a fresh start, never a reason to stop backing up.</summary>
    public ScheduleState Load()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize(File.ReadAllBytes(Path), ScheduleJson.Default.ScheduleState) ?? new() : new();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new();
        }
    }

    /// <summary>Writes the state atomically.</summary>
    public void Save(ScheduleState state) =>
        PrivateFile.Write(Path, stream => JsonSerializer.Serialize(stream, state, ScheduleJson.Default.ScheduleState));
}
