using Ferry.Apps;
using Ferry.Errors;
using Ferry.Repository;
using Microsoft.AspNetCore.Builder;
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
            var presets = Presets(services);
            var items = shown.Skip((current - 1) * size).Take(size).Select(s => ToView(s, AppOf(s.Snapshot.Paths, presets, services))).ToList();
            var chart = shown.Take(ChartPoints).Reverse().Select(s => new ChartPoint(s.Snapshot.Time, s.Snapshot.Summary.Bytes, s.Snapshot.Summary.AddedBytes)).ToList();
            return new SnapshotPage(true, location, items, shown.Count, current, size, hosts, chart, listing.Damaged);
        });
    }

    private static SnapshotView ToView(SnapshotEntry entry, string? app)
    {
        var s = entry.Snapshot;
        return new SnapshotView(entry.Id, entry.ShortId, s.Time, s.Host, s.Os, s.Paths, s.Tags, s.Summary.Files, s.Summary.Bytes, s.Summary.AddedBytes, app);
    }

    /// <summary>The presets, or none: a broken preset file of the user's must not hide the list of backups.</summary>
    private static IReadOnlyList<AppPreset> Presets(WebServices services)
    {
        try
        {
            return AppPresets.Load(AppPresets.UserPresetFolder(services.Settings.File.Path));
        }
        catch (FerryException)
        {
            return [];
        }
    }

    /// <summary>The app a one-folder snapshot is of, by the folder's place here or its name (a path from Windows included).</summary>
    private static string? AppOf(IReadOnlyList<string> paths, IReadOnlyList<AppPreset> presets, WebServices services) =>
        paths is [var path] && presets.Count > 0
            ? AppPresets.Detect(presets, OperatingSystem.IsWindows() ? path : path.Replace('\\', '/'), services.Settings.Environment)?.DisplayName
            : null;
}
