using Ferry.Maintenance;

namespace Ferry.Configuration;

/// <summary>What the config file says about automatic maintenance; the maintenance itself reads no settings.</summary>
public static class MaintenanceSettings
{
    /// <summary>Whether the config file leaves automatic maintenance on (it is, unless set off).</summary>
    public static bool IsEnabled(SavedSettings saved) => saved?.Maintenance ?? true;

    /// <summary>The options for the maintenance after a backup or a delete, or null when the config file turns it off.</summary>
    public static MaintenanceOptions? OptionsIfEnabled(SavedSettings saved) => IsEnabled(saved) ? OptionsOf(saved) : null;

    /// <summary>The options the config file asks for.</summary>
    public static MaintenanceOptions OptionsOf(SavedSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new MaintenanceOptions { Threshold = new UnusedThreshold { Percent = saved.MaintenanceThreshold ?? UnusedThreshold.DefaultPercent } };
    }
}
