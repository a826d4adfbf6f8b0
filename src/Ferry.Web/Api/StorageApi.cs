using Ferry.Configuration;
using Ferry.Maintenance;
using Ferry.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary><c>GET /api/storage</c>: the bucket's size, each device's share, what is shared and what maintenance would reclaim.</summary>
internal static class StorageApi
{
    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapGet("/storage", async (CancellationToken cancellationToken) =>
        {
            var settings = services.Settings.Resolve();
            if (!await FerryRepository.IsInitializedAsync(services.Settings.OpenStore(settings), cancellationToken).ConfigureAwait(false))
            {
                return Results.NoContent();
            }

            var saved = services.Settings.Load();
            var options = MaintenanceSettings.OptionsOf(saved);
            var repository = await services.Settings.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var report = await StorageUsage.MeasureAsync(repository, options.Threshold, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new StorageView(
                report.RepositoryBytes,
                [.. report.Devices.Select(d => new DeviceStorageView(d.Host, d.Snapshots, d.Bytes, d.OnlyThisDevice))],
                report.SharedBytes,
                report.ReclaimableBytes,
                report.TriggerBytes,
                MaintenanceSettings.IsEnabled(saved),
                report.Maintenance?.Owner,
                report.Maintenance?.LastRun));
        });
    }
}
