using System.Globalization;
using Ferry.Apps;
using Ferry.Configuration;
using Ferry.Operations;
using Ferry.Restore;
using Ferry.Restore.Names;
using Ferry.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary>
/// The Manage list's actions: restore and delete, each as a background operation the page follows
/// with a progress bar (<c>GET /api/status</c>) and may cancel.
/// </summary>
internal static class ManageApi
{
    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapPost("/snapshots/delete", (DeleteRequest request) => Delete(services, request));
        api.MapPost("/restore", (RestoreRequest request) => Restore(services, request));
        api.MapPost("/operation/cancel", () =>
        {
            services.Operations.Cancel();
            return Results.NoContent();
        });
    }

    private static IResult Delete(WebServices services, DeleteRequest request)
    {
        var ids = request.Ids.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || ids.Any(id => id.Length != 64 || !id.All(char.IsAsciiHexDigitLower)))
        {
            return Results.BadRequest(new ApiError("choose the backups to delete"));
        }

        var title = ids.Count == 1 ? $"Deleting backup {ids[0][..8]}" : string.Create(CultureInfo.InvariantCulture, $"Deleting {ids.Count} backups");
        var operation = services.Operations.TryStart("delete", title, async (op, ct) =>
        {
            var repository = await services.Settings.OpenRepositoryAsync(ct).ConfigureAwait(false);
            long done = 0;
            op.Report(() => (Interlocked.Read(ref done), ids.Count, 0, 0));
            var maintenance = MaintenanceSettings.OptionsIfEnabled(services.Settings.Load());
            var result = await DeleteSnapshots.RunAsync(repository, ids, services.Settings.Resolve().Host.Value!, maintenance, _ => Interlocked.Increment(ref done), ct).ConfigureAwait(false);
            var what = ids.Count == 1 ? $"deleted backup {ids[0][..8]}" : string.Create(CultureInfo.InvariantCulture, $"deleted {ids.Count} backups");
            return $"{what}; this {result.Freed.Describe(PageRemedies.Words)}";
        }, services.Shutdown);
        return Started(operation);
    }

    private static IResult Restore(WebServices services, RestoreRequest request)
    {
        var replace = request.Mode == "replace";
        string target;
        if (replace)
        {
            // The configured folder itself, through the safe path: safety snapshot, staging folder, swap.
            var folder = AutoBackupPlan.From(services.Settings.Load()).SourceFolder;
            if (string.IsNullOrEmpty(folder))
            {
                return Results.BadRequest(new ApiError("no folder to back up is configured, so there is nothing to replace: restore into another folder", "target"));
            }

            target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        }
        else
        {
            if (request.Target is not { Length: > 0 } given || !Path.IsPathFullyQualified(given))
            {
                return Results.BadRequest(new ApiError("give the full path of a new or empty folder to restore into", "target"));
            }

            target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
            // The engine checks this too; checking here lets the dialog say so before it closes.
            if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
            {
                return Results.BadRequest(new ApiError($"{target} is not an empty folder: restore into a new or empty folder", "target"));
            }
        }

        // The engine applies the rule again when the restore starts; applying it here lets the dialog say so before it closes.
        // The page offers no way past it, as `ferry restore --force` does.
        var runningApp = new RunningAppPolicy(services.Settings.File.Path, services.Settings.Environment);
        try
        {
            runningApp.Check(target);
        }
        catch (AppInUseException inUse)
        {
            return Results.BadRequest(new ApiError($"{inUse.Message} (it would overwrite the restored data when it exits)", "target"));
        }

        var operation = services.Operations.TryStart("restore", $"Restoring backup {request.Id[..Math.Min(8, request.Id.Length)]} into {target}", async (op, ct) =>
        {
            var repository = await services.Settings.OpenRepositoryAsync(ct).ConfigureAwait(false);
            var host = services.Settings.Resolve().Host.Value!;
            var restore = await SnapshotRestore.PrepareAsync(repository, new SnapshotRestoreRequest
            {
                Snapshot = request.Id,
                Options = new RestoreOptions { Target = target, Replace = replace, Host = host, RenameUnsafe = request.RenameUnsafe },
                RunningApp = runningApp,
            }, ct).ConfigureAwait(false);
            op.Report(() =>
            {
                var p = restore.Progress;
                return (p.FilesDone, p.FilesTotal, p.BytesDone, p.BytesTotal);
            });
            RestoreResult result;
            try
            {
                result = await restore.RunAsync(ct).ConfigureAwait(false);
            }
            catch (UnsafeNamesException e)
            {
                op.Names = NamesView.Refused(e);
                if (!e.Renamable)
                {
                    throw;
                }

                throw new Errors.FerryException(string.Create(CultureInfo.InvariantCulture, $"{e.Conflicts.Count} entries cannot be restored into {target} under their names, which this disk cannot hold (listed below); nothing was written"), e) { Remedy = e.Remedy };
            }

            var safety = result.SafetySnapshotId is { } id ? $"; the previous content is kept as safety backup {id[..8]}" : "";
            var renamed = result.Renames.Count == 0 ? ""
                : string.Create(CultureInfo.InvariantCulture, $"; {result.Renames.Count} entries got other names because this disk cannot hold theirs (listed below and in {Names.RenameManifest.FileName}; a backup of the folder stores the original names again)");
            var skipped = result.Skipped.Count == 0 ? ""
                : string.Create(CultureInfo.InvariantCulture, $"; {result.Skipped.Count} entries this computer cannot hold were left out (first: {Names.NameText.ShowLocal(result.Skipped[0].Path)}: {result.Skipped[0].Message})");
            op.Names = result.Renames.Count == 0 ? null : NamesView.Renamed(result.Renames);
            if (result.Problems.Count == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"restored {result.Files} files into {target}, every byte verified{safety}{renamed}{skipped}");
            }

            throw new Errors.FerryException(result.Applied
                ? $"{result.Problems.Count} files could not be restored because repository data is damaged or missing (first: {result.Problems[0].Path}); everything else was restored into {target}"
                : $"{result.Problems.Count} files could not be restored because repository data is damaged or missing (first: {result.Problems[0].Path}), so {target} was left exactly as it was");
        }, services.Shutdown);
        return Started(operation);
    }

    private static IResult Started(Operations.Operation? operation) => operation is null
        ? Results.Conflict(new ApiError("another restore or delete is running: wait for it or cancel it"))
        : Results.Ok(new OperationStarted(operation.Id));
}
