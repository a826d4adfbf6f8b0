namespace Ferry.Configuration;

/// <summary>The values the schedule settings may take: the page offers exactly these, and <c>config set</c> accepts no others.</summary>
public static class ScheduleChoices
{
    /// <summary>"Auto backup", in minutes; 0 is off.</summary>
    public static IReadOnlyList<int> IntervalMinutes { get; } = [0, 1, 5, 15, 30, 60, 120, 360, 720, 1440];

    /// <summary>"Maximum backups"; 0 is unlimited.</summary>
    public static IReadOnlyList<int> MaxBackups { get; } = [0, 1, 3, 5, 10, 20, 50];
}
