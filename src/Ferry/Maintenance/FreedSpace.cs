using Ferry.Errors;

namespace Ferry.Maintenance;

/// <summary>When the space a delete frees is given back to the bucket.</summary>
public enum FreedWhen
{
    /// <summary>Nothing is freed: other snapshots use all of the deleted snapshots' data.</summary>
    Never,

    /// <summary>The maintenance run after the delete removed it.</summary>
    Now,

    /// <summary>Automatic maintenance is off: only removing unused data by hand frees it.</summary>
    MaintenanceOff,

    /// <summary>At the next maintenance, once unused data passes <see cref="MaintenanceReport.TriggerBytes"/>.</summary>
    PastThreshold,

    /// <summary>When the device that owns maintenance (<see cref="MaintenanceReport.Owner"/>) next runs it.</summary>
    ByOwner,

    /// <summary>At the next maintenance: other devices were using the repository.</summary>
    Busy,

    /// <summary>At the next maintenance, for the reason <see cref="MaintenanceReport.Summary"/> gives (it failed, say).</summary>
    NextMaintenance,
}

/// <summary>
/// What deleting snapshots frees, and when: the engine's account of it, which each front end shows
/// after a delete with the step that removes the data now in its own words (<see cref="Describe"/>).
/// </summary>
/// <param name="Bytes">Stored bytes only the deleted snapshots needed (<c>StorageUsage.FreedByDeletingAsync</c>).</param>
/// <param name="When">When those bytes are removed.</param>
/// <param name="Maintenance">The maintenance run after the delete; null when it did not run (automatic maintenance is off, or nothing was freed).</param>
public sealed record FreedSpace(long Bytes, FreedWhen When, MaintenanceReport? Maintenance)
{
    /// <summary>What <paramref name="freed"/> bytes mean after <paramref name="maintenance"/> (null when automatic maintenance is off).</summary>
    public static FreedSpace Of(long freed, MaintenanceReport? maintenance) => new(freed, WhenOf(freed, maintenance), maintenance);

    /// <summary>Removing the data now, where no maintenance run soon will.</summary>
    public Remedy Remedy => When is FreedWhen.MaintenanceOff or FreedWhen.PastThreshold or FreedWhen.ByOwner ? Remedy.RemoveUnusedData : Remedy.None;

    /// <summary>The sentence after "this" or "deleting them", with the next step in the front end's <paramref name="words"/>.</summary>
    public string Describe(Func<Remedy, string?> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var size = ByteSize.Show(Bytes);
        var m = Maintenance;
        var sentence = When switch
        {
            FreedWhen.Never => "frees no space: other snapshots use all of its data",
            FreedWhen.MaintenanceOff => $"frees {size} once unused data is removed: automatic maintenance is off",
            FreedWhen.Now => $"frees {size}: removed now by maintenance, {ByteSize.Show(m!.Prune!.BytesAfter)} stored now",
            FreedWhen.PastThreshold => $"frees {size} at the next maintenance, once unused data passes {ByteSize.Show(m!.TriggerBytes)} (now {ByteSize.Show(m.Prune!.UnreferencedBytes)})",
            FreedWhen.ByOwner => $"frees {size} when device {m!.Owner} next runs maintenance",
            FreedWhen.Busy => $"frees {size} at the next maintenance: other devices are using the repository now",
            _ => $"frees {size} at the next maintenance ({m!.Describe(words)})",
        };
        return RemedyText.Append(sentence, Remedy, words);
    }

    private static FreedWhen WhenOf(long freed, MaintenanceReport? maintenance) => maintenance switch
    {
        _ when freed == 0 => FreedWhen.Never,
        null => FreedWhen.MaintenanceOff,
        { Pruned: true } => FreedWhen.Now,
        { Outcome: MaintenanceOutcome.Ran, Prune: not null } => FreedWhen.PastThreshold,
        { Outcome: MaintenanceOutcome.LeftToOwner } => FreedWhen.ByOwner,
        { Outcome: MaintenanceOutcome.Busy } => FreedWhen.Busy,
        _ => FreedWhen.NextMaintenance,
    };
}
