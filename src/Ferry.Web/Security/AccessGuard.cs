using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ferry.Web.Security;

/// <summary>
/// Every request passes these checks before it reaches a page or an endpoint (SPEC section 6):
/// <list type="number">
/// <item>The Host header names this server (127.0.0.1 or localhost, this port): a DNS-rebinding
/// page that resolves its own name to 127.0.0.1 is refused.</item>
/// <item>The access token: once in the URL <c>ferry ui</c> prints, which sets an HttpOnly,
/// SameSite=Strict cookie and redirects to drop it from the address bar; then that cookie.</item>
/// <item>No request another site started (<c>Sec-Fetch-Site</c>).</item>
/// <item>Changes (anything but GET and HEAD) carry this server's Origin and the CSRF token header.</item>
/// </list>
/// </summary>
internal sealed class AccessGuard(RequestDelegate next, AccessToken token)
{
    public const string CsrfHeader = "X-Ferry-Csrf";
    public const string TokenParameter = "token";

    public static string CookieName(int port) => string.Create(CultureInfo.InvariantCulture, $"ferry-ui-{port}");

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var port = context.Connection.LocalPort;
        if (!IsOwnHost(request.Host, port))
        {
            await RefuseAsync(context, StatusCodes.Status421MisdirectedRequest, "this server answers only to 127.0.0.1 and localhost").ConfigureAwait(false);
            return;
        }

        if (request.Query.TryGetValue(TokenParameter, out var fromUrl))
        {
            await SignInAsync(context, fromUrl.ToString(), port).ConfigureAwait(false);
            return;
        }

        if (!token.Matches(request.Cookies[CookieName(port)]))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "open the address that 'ferry ui' printed: it carries the access token").ConfigureAwait(false);
            return;
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none"))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "requests from other sites are refused").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var origin = request.Headers.Origin.ToString();
            if (!string.Equals(origin, $"http://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "a change must come from this page (Origin)").ConfigureAwait(false);
                return;
            }

            if (!token.CsrfMatches(request.Headers[CsrfHeader].ToString()))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "a change must carry the page's CSRF token: reload the page").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsOwnHost(HostString host, int port) =>
        host.Port == port && host.Host is "127.0.0.1" or "localhost";

    private async Task SignInAsync(HttpContext context, string candidate, int port)
    {
        if (!token.Matches(candidate))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "this access token is not the one 'ferry ui' printed: use the address from its latest start").ConfigureAwait(false);
            return;
        }

        context.Response.Cookies.Append(CookieName(port), token.Value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = (context.Request.PathBase + context.Request.Path).ToString();
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"Ferry: {message}\n").ConfigureAwait(false);
    }
}
