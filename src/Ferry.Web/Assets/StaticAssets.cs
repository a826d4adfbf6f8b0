using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Web.Assets;

/// <summary>
/// The page's files, embedded in this assembly (no content folder to install, no build step). They
/// hold no secret: the page learns its access token from the address it was opened with.
/// </summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var assembly = typeof(StaticAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var file = name["wwwroot/".Length..];
            var bytes = Encoding.UTF8.GetBytes(text);
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            var route = file == "index.html" ? "/" : "/" + file;
            app.MapGet(route, () => Results.Bytes(bytes, type));
        }
    }
}
