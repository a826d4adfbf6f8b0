using Ferry.Errors;

namespace Ferry.Web.Api;

/// <summary>
/// The engine's <see cref="Remedy"/> as the page's own controls, where it has them; what only the
/// command line offers (check, init) is named as a command, since the page runs as <c>ferry ui</c>.
/// </summary>
internal static class PageRemedies
{
    /// <summary>The words for <paramref name="remedy"/>, or null when there are none.</summary>
    public static string? Words(Remedy remedy) => remedy switch
    {
        Remedy.CheckRepository => "run 'ferry check' in a terminal to see what is damaged",
        Remedy.CheckRepositoryData => "run 'ferry check --read-data' in a terminal to see what is damaged",
        Remedy.DeleteDamagedSnapshots => "run 'ferry check' in a terminal and delete the damaged backups first",
        Remedy.DeleteSnapshotsMissingData => "run 'ferry check --read-data' in a terminal and delete the backups it names",
        Remedy.CreateRepository => "check the bucket and Root Path; Backup now creates a repository there",
        Remedy.GivePassword => "enter the encryption password under Encryption",
        Remedy.TestSettings => "check the settings with Test connection",
        Remedy.ListSnapshots => "the Manage tab lists the backups",
        Remedy.ListSnapshotPaths => "restore the whole backup instead",
        Remedy.ListApps => "the App list shows them",
        Remedy.ListForeignBackups => "Refresh the Manage tab",
        Remedy.ReplaceTarget => "restore into a new or empty folder, or choose to replace it (a safety backup is taken first)",
        Remedy.ChooseSource => "choose an app or a folder under What to back up",
        Remedy.RenameUnsafeNames => "Restore with safe names gives each a name this disk can hold, listed afterwards",
        Remedy.RestoreWholeSnapshot => "restore the whole backup, or into a new folder",

        // The message ("Endpoint is empty: set it to the provider's S3 URL") marks the page's Endpoint field itself.
        Remedy.SetEndpoint => null,

        // The page has no control that removes unused data now: maintenance does it.
        Remedy.RemoveUnusedData => null,
        _ => null,
    };

    /// <summary>A user error's message with the next step in the page's words.</summary>
    public static string Describe(Exception e) => UserErrors.Describe(e, Words);
}
