using Ferry.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary><c>GET /api/snapshots</c>: the Manage list, newest first, filtered by device, a page at a time, with the chart's points.</summary>
internal static class SnapshotsApi
{
    private const int MaxPageSize = 100;
    private const int ChartPoints = 60;

    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        api.MapGet("/snapshots", async (string? host, int? page, int? pageSize, CancellationToken cancellationToken) =>
        {
            var settings = services.Settings.Resolve();
            var location = SettingsApi.Describe(settings);
            var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
            if (!await FerryRepository.IsInitializedAsync(services.Settings.OpenStore(settings), cancellationToken).ConfigureAwait(false))
            {
                return new SnapshotPage(false, location, [], 0, 1, size, [], [], []);
            }

            var repository = await services.Settings.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var listing = await repository.ListSnapshotsCheckedAsync(cancellationToken).ConfigureAwait(false);
            var hosts = listing.Snapshots.Select(s => s.Snapshot.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var shown = listing.Snapshots.Where(s => string.IsNullOrEmpty(host) || s.Snapshot.Host == host).ToList();
            var pages = Math.Max(1, (shown.Count + size - 1) / size);
            var current = Math.Clamp(page ?? 1, 1, pages);
            var items = shown.Skip((current - 1) * size).Take(size).Select(ToView).ToList();
            var chart = shown.Take(ChartPoints).Reverse().Select(s => new ChartPoint(s.Snapshot.Time, s.Snapshot.Summary.Bytes, s.Snapshot.Summary.AddedBytes)).ToList();
            return new SnapshotPage(true, location, items, shown.Count, current, size, hosts, chart, listing.Damaged);
        });
    }

    private static SnapshotView ToView(SnapshotEntry entry)
    {
        var s = entry.Snapshot;
        return new SnapshotView(entry.Id, entry.ShortId, s.Time, s.Host, s.Os, s.Paths, s.Tags, s.Summary.Files, s.Summary.Bytes, s.Summary.AddedBytes);
    }
}
