using Ferry.Scheduling;
using Ferry.Web.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary>Backup now, cancel, and the status the page polls: the running backup, the schedule, the running operation.</summary>
internal static class BackupApi
{
    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapPost("/backup", () =>
        {
            var finishedBefore = services.Finished.Count;
            var start = services.Backups.TryStart(BackupTrigger.Manual, services.Shutdown);
            return start.Kind switch
            {
                BackupStartKind.Started => Results.Ok(new BackupStartView("started", finishedBefore + 1, null)),
                BackupStartKind.AlreadyRunning => Results.Ok(new BackupStartView("alreadyRunning", finishedBefore + 1, "a backup is already running: showing its progress")),
                _ => Results.Conflict(new ApiError("a backup is running in another Ferry process (ferry agent or another ferry ui): try again when it ends")),
            };
        });
        api.MapPost("/backup/cancel", () =>
        {
            services.Backups.Current?.Cancel();
            return Results.NoContent();
        });
        api.MapGet("/status", () => Status(services));
    }

    private static StatusView Status(WebServices services)
    {
        var running = services.Backups.Current;
        BackupView? backup = null;
        if (running is not null)
        {
            var p = running.Progress;
            backup = new BackupView(
                running.Trigger == BackupTrigger.Manual ? "manual" : "scheduled",
                running.Stage,
                running.Started,
                Progress.View(p.FilesDone, p.FilesTotal, p.BytesDone, p.BytesTotal, p.TotalsKnown, running.Elapsed),
                running.CanceledByUser);
        }

        var (count, last, at) = services.Finished.Read();
        var finished = new FinishedView(count, last?.Kind.ToString().ToLowerInvariant(), last?.Error, last?.Result?.SnapshotId, at);
        return new StatusView(backup, finished, Schedule(services), services.Operations.View());
    }

    private static ScheduleView Schedule(WebServices services)
    {
        var plan = AutoBackupPlan.From(services.Settings.Load());
        var state = services.Backups.State.Load();
        var next = AutoBackupScheduler.NextDue(plan, state, services.Time.GetUtcNow());
        return new ScheduleView(
            plan.Enabled && services.Scheduler is not null,
            plan.IntervalMinutes,
            state.LastSuccess,
            state.LastSnapshotId,
            state.LastError,
            state.LastErrorTime,
            state.ConsecutiveFailures,
            services.Scheduler is null ? null : next,
            state.LastMaintenance,
            state.LastMaintenanceTime,
            state.MaintenanceProblem);
    }
}
