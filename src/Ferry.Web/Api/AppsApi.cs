using Ferry.Apps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Api;

/// <summary><c>GET /api/apps</c>: the app presets <c>ferry apps</c> lists, for the page's "App" choice.</summary>
internal static class AppsApi
{
    public static void Map(IEndpointRouteBuilder api, WebServices services)
    {
        // Read again on every request: a preset the user adds to the apps folder shows without a restart.
        api.MapGet("/apps", () => AppPresets.Load(AppPresets.UserPresetFolder(services.Settings.File.Path)).Select(p =>
        {
            var folder = AppPresets.ResolveDataFolder(p, services.Settings.Environment);
            return new AppView(p.Name, p.DisplayName, p.Description, folder, folder is not null && Directory.Exists(folder), p.LiteExcludes);
        }).ToList());
    }
}
