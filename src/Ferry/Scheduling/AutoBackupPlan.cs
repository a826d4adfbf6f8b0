using Ferry.Configuration;

namespace Ferry.Scheduling;

/// <summary>What automatic backups do, as the config file says (SPEC section 6).</summary>
public sealed record AutoBackupPlan
{
    /// <summary>The page's "Auto backup" choices, in minutes; 0 is off.</summary>
    public static IReadOnlyList<int> IntervalChoices { get; } = [0, 1, 5, 15, 30, 60, 120, 360, 720, 1440];

    /// <summary>The page's "Maximum backups" choices; 0 is unlimited.</summary>
    public static IReadOnlyList<int> MaxBackupChoices { get; } = [0, 1, 3, 5, 10, 20, 50];

    public int IntervalMinutes { get; init; }

    public int MaxBackups { get; init; }

    public bool Lite { get; init; }

    public string? SourceFolder { get; init; }

    /// <summary>True when there is an interval and a folder to back up.</summary>
    public bool Enabled => IntervalMinutes > 0 && !string.IsNullOrEmpty(SourceFolder);

    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    public static AutoBackupPlan From(SavedSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new AutoBackupPlan
        {
            IntervalMinutes = Math.Max(0, saved.AutoBackupMinutes ?? 0),
            MaxBackups = Math.Max(0, saved.MaxBackups ?? 0),
            Lite = saved.Lite ?? false,
            SourceFolder = saved.SourceFolder,
        };
    }
}
