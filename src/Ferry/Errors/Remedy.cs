namespace Ferry.Errors;

/// <summary>
/// What a person can do next about a failure. The engine names it and each front end words it: the
/// CLI as a command to run, the page as a control to use, an app that embeds the engine as it likes.
/// An engine message says what went wrong, never which command to type.
/// </summary>
public enum Remedy
{
    /// <summary>The message says all there is to do.</summary>
    None,

    /// <summary>Check the repository's structure: which snapshots, indexes and packs are damaged or lost.</summary>
    CheckRepository,

    /// <summary>Check the repository, reading back every pack.</summary>
    CheckRepositoryData,

    /// <summary>Find the damaged snapshots with a check, and delete them before pruning.</summary>
    DeleteDamagedSnapshots,

    /// <summary>Find, by reading every pack, the snapshots that need lost data, and delete them before pruning.</summary>
    DeleteSnapshotsMissingData,

    /// <summary>Create a repository at this location, or point the settings at the one meant.</summary>
    CreateRepository,

    /// <summary>Give the encryption password the repository was created with.</summary>
    GivePassword,

    /// <summary>Test the storage settings step by step.</summary>
    TestSettings,

    /// <summary>See the snapshots, with their devices.</summary>
    ListSnapshots,

    /// <summary>See the paths inside the snapshot.</summary>
    ListSnapshotPaths,

    /// <summary>See the app presets.</summary>
    ListApps,

    /// <summary>See the other programs' backups beside the repository.</summary>
    ListForeignBackups,

    /// <summary>Restore into a new or empty folder, or replace this one (a safety snapshot is taken first).</summary>
    ReplaceTarget,

    /// <summary>Choose an app or a folder to back up.</summary>
    ChooseSource,

    /// <summary>Give the S3 endpoint: the provider's S3 URL.</summary>
    SetEndpoint,

    /// <summary>Remove the data no snapshot uses now, without waiting for automatic maintenance.</summary>
    RemoveUnusedData,

    /// <summary>Restore again, giving each name the target cannot hold one it can (each is listed).</summary>
    RenameUnsafeNames,

    /// <summary>Restore the whole snapshot, or into a new folder, instead of replacing only some paths.</summary>
    RestoreWholeSnapshot,
}
