using Ferry.Configuration;
using Ferry.Scheduling;

namespace Ferry.Web;

/// <summary>What <c>ferry ui</c> hands the page: where settings live and the backups it shares with the scheduler.</summary>
public sealed record WebHostOptions
{
    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    public required SettingsSource Settings { get; init; }

    public required BackupCoordinator Backups { get; init; }

    /// <summary>Woken when the page saves settings, so a new interval applies at once; null when none runs.</summary>
    public AutoBackupScheduler? Scheduler { get; init; }

    /// <summary>The access token; a random one when null (tests pass their own).</summary>
    public string? Token { get; init; }
}
