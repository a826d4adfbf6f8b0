namespace Ferry.Maintenance;

/// <summary>What deleting snapshots frees, and when: the sentence the CLI and the page show after a delete.</summary>
public static class FreedSpace
{
    /// <param name="freed">Stored bytes only the deleted snapshots needed (<see cref="StorageUsage.FreedByDeletingAsync"/>).</param>
    /// <param name="maintenance">The maintenance run after the delete; null when automatic maintenance is off.</param>
    public static string Describe(long freed, MaintenanceReport? maintenance)
    {
        if (freed == 0)
        {
            return "frees no space: other snapshots use all of its data";
        }

        var size = ByteSize.Show(freed);
        return maintenance switch
        {
            null => $"frees {size} once unused data is removed: automatic maintenance is off, so run 'ferry prune'",
            { Pruned: true } m => $"frees {size}: removed now by maintenance, {ByteSize.Show(m.Prune!.BytesAfter)} stored now",
            { Outcome: MaintenanceOutcome.Ran, Prune: { } p } m =>
                $"frees {size} at the next maintenance, once unused data passes {ByteSize.Show(m.TriggerBytes)} (now {ByteSize.Show(p.UnreferencedBytes)}); 'ferry prune' removes it now",
            { Outcome: MaintenanceOutcome.LeftToOwner } m => $"frees {size} when device {m.Owner} next runs maintenance; 'ferry prune' removes it now",
            { Outcome: MaintenanceOutcome.Busy } => $"frees {size} at the next maintenance: other devices are using the repository now",
            var m => $"frees {size} at the next maintenance ({m.Summary})",
        };
    }
}
