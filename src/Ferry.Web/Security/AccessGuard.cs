using Microsoft.AspNetCore.Http;

namespace Ferry.Web.Security;

/// <summary>
/// Every request passes these checks before it reaches a page or an endpoint:
/// <list type="number">
/// <item>The Host header names this server (127.0.0.1 or localhost, this port): a DNS-rebinding
/// page that resolves its own name to 127.0.0.1 is refused.</item>
/// <item>No request another site started (<c>Sec-Fetch-Site</c>).</item>
/// <item>The API answers only requests that carry the access token in the <c>X-Ferry-Token</c>
/// header. The address <c>ferry ui</c> prints holds it in its fragment, which a browser never sends;
/// the page keeps it in its own tab's session storage, which only this origin (scheme, host and
/// port) can read. No cookie exists: a browser sends cookies to every port of 127.0.0.1, so another
/// local user's server could collect one. A script on another site or port cannot set the header
/// without this server's consent (a CORS preflight, which it never grants), so the token is also
/// the CSRF token.</item>
/// <item>Changes (anything but GET and HEAD) also carry this server's Origin.</item>
/// </list>
/// The page's own files (HTML, script, style) hold no secret and are served to any local request.
/// </summary>
internal sealed class AccessGuard(RequestDelegate next, AccessToken token)
{
    public const string TokenHeader = "X-Ferry-Token";
    public const string TokenFragment = "token";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var port = context.Connection.LocalPort;
        if (!IsOwnHost(request.Host, port))
        {
            await RefuseAsync(context, StatusCodes.Status421MisdirectedRequest, "this server answers only to 127.0.0.1 and localhost").ConfigureAwait(false);
            return;
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none"))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "requests from other sites are refused").ConfigureAwait(false);
            return;
        }

        if (!request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (!token.Matches(request.Headers[TokenHeader].ToString()))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "open the address that 'ferry ui' printed: it carries the access token").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !string.Equals(request.Headers.Origin.ToString(), $"http://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "a change must come from this page (Origin)").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsOwnHost(HostString host, int port) =>
        host.Port == port && host.Host is "127.0.0.1" or "localhost";

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"Ferry: {message}\n").ConfigureAwait(false);
    }
}
