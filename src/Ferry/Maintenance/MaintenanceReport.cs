using Ferry.Errors;

namespace Ferry.Maintenance;

/// <summary>What one automatic maintenance run did.</summary>
public enum MaintenanceOutcome
{
    /// <summary>This device ran it: <see cref="MaintenanceReport.Prune"/> says whether data was removed.</summary>
    Ran,

    /// <summary>Another device owns maintenance of this repository.</summary>
    LeftToOwner,

    /// <summary>Other devices were working on the repository; it runs after a later backup.</summary>
    Busy,

    /// <summary>It stopped with an error; the backup or delete before it is not affected.</summary>
    Failed,
}

/// <summary>The outcome, the prune (null when it did not get that far), the verification (null when not due) and one line for people.</summary>
public sealed record MaintenanceReport(MaintenanceOutcome Outcome, string Owner, PruneResult? Prune, CheckResult? Verify, string? Error = null)
{
    /// <summary>Unused bytes that start a prune, for this repository's size.</summary>
    public long TriggerBytes { get; init; }

    /// <summary>True when this run removed unused data.</summary>
    public bool Pruned => Prune is { BelowThreshold: false, DryRun: false, BytesReclaimed: > 0 };

    /// <summary>True when this run's verification found damaged or missing data.</summary>
    public bool VerifyFoundProblems => Verify is { Ok: false };

    /// <summary>True when the run failed or found damage: front ends show it as a warning, the page's status as a problem.</summary>
    public bool NeedsAttention => Outcome == MaintenanceOutcome.Failed || VerifyFoundProblems;

    /// <summary>What to do next, for the front end to word: a full check when verification found damage.</summary>
    public Remedy Remedy => VerifyFoundProblems ? Remedy.CheckRepositoryData : Remedy.None;

    /// <summary>What the run did, in one line; <see cref="Describe"/> adds the next step.</summary>
    public string Summary => Outcome switch
    {
        MaintenanceOutcome.LeftToOwner => $"maintenance is done by device {Owner}, not this one",
        MaintenanceOutcome.Busy => "maintenance waits: other devices are using the repository; it runs after a later backup",
        MaintenanceOutcome.Failed => $"maintenance failed: {Error}",
        _ => $"{PruneSummary()}{VerifySummary()}",
    };

    /// <summary>One line for the agent's log, the page's sync status and the CLI: <see cref="Summary"/> and the next step in the front end's <paramref name="words"/>.</summary>
    public string Describe(Func<Remedy, string?> words) => RemedyText.Append(Summary, Remedy, words);

    private string PruneSummary() => Prune switch
    {
        null => "maintenance ran",
        { BelowThreshold: true } p => $"maintenance: {ByteSize.Show(p.UnreferencedBytes)} unused of {ByteSize.Show(p.BytesBefore)} stored, below the {ByteSize.Show(TriggerBytes)} that starts a clean-up",
        var p when p.PacksDeleted + p.PacksRepacked == 0 => $"maintenance: nothing unused in {ByteSize.Show(p.BytesBefore)} stored",
        var p => $"maintenance removed unused data: reclaimed {ByteSize.Show(p.BytesReclaimed)}, {ByteSize.Show(p.BytesAfter)} stored now",
    };

    private string VerifySummary() => Verify switch
    {
        null => "",
        { Ok: true } v => $"; verified {v.PacksRead} of {v.Packs} packs ({ByteSize.Show(v.BytesRead)}): all good",
        var v => $"; verifying {v.PacksRead} of {v.Packs} packs found {v.Problems.Count} problems (first: {v.Problems[0].Key} {v.Problems[0].Message})",
    };
}
