using Ferry.Errors;

namespace Ferry.Cli;

/// <summary>The engine's <see cref="Remedy"/> as the commands and variables a terminal user has.</summary>
internal static class CliRemedies
{
    public static string? Words(Remedy remedy) => remedy switch
    {
        Remedy.CheckRepository => "run 'ferry check'",
        Remedy.CheckRepositoryData => "run 'ferry check --read-data'",
        Remedy.DeleteDamagedSnapshots => "run 'ferry check' and delete the damaged snapshots first",
        Remedy.DeleteSnapshotsMissingData => "run 'ferry check --read-data' and delete the snapshots it names",
        Remedy.CreateRepository => "run 'ferry init', or check the bucket, root path or folder",
        Remedy.GivePassword => "set FERRY_PASSWORD or FERRY_PASSWORD_FILE, or run 'ferry config set password -'",
        Remedy.TestSettings => "check the settings with 'ferry config test'",
        Remedy.ListSnapshots => "see 'ferry list'",
        Remedy.ListSnapshotPaths => "see 'ferry ls' for its paths",
        Remedy.ListApps => "'ferry apps' lists them",
        Remedy.ListForeignBackups => "'ferry list --foreign' shows the backups there",
        Remedy.ReplaceTarget => "restore into a new or empty folder, or add --replace to replace it (a safety snapshot is taken first)",
        Remedy.ChooseSource => "choose an app or a folder in the page's settings, or 'ferry config set app NAME' or 'ferry config set source-folder DIR'",
        Remedy.SetEndpoint => "run 'ferry config set endpoint https://...' or set FERRY_S3_ENDPOINT (see README for AWS, R2, OSS, COS and MinIO values)",
        Remedy.RemoveUnusedData => "'ferry prune' removes it now",
        Remedy.RenameUnsafeNames => "restore again with --rename-unsafe to restore them under names it can hold: each is listed, and a backup of that folder stores the original names again",
        Remedy.RestoreWholeSnapshot => "restore the whole snapshot (without --include), or into a new folder",
        _ => null,
    };

    /// <summary>A user error's message with the next step in the CLI's words.</summary>
    public static string Describe(Exception e) => UserErrors.Describe(e, Words);
}
