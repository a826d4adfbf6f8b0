using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ferry.Web.Tests.Browser;

/// <summary>
/// The page's session belongs to Ferry's server alone. A browser sends cookies to every port of
/// 127.0.0.1, so another local user's server on another port, visited after the page was opened,
/// must learn nothing that opens the page's API, and its script must not reach the API either.
/// </summary>
public sealed partial class SessionIsolationTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_page_on_another_local_port_gets_nothing_that_opens_the_page()
    {
        await using var server = await PageServer.StartAsync(local: true);
        await using var neighbour = new NeighbourServer(server.Host.Port);
        var page = await chromium.OpenAsync(server);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator("#location")).ToContainTextAsync("Backups go to");

        // The user, still signed in to the page, opens another local page in the same browser.
        await page.GotoAsync(neighbour.Url);
        await Assertions.Expect(page).ToHaveTitleAsync("reported", new() { Timeout = 15_000 });

        var seen = string.Join("\n", neighbour.Requests);
        Assert.DoesNotContain(server.Host.Token, seen, StringComparison.Ordinal);
        Assert.DoesNotContain("\"endpoint\"", seen, StringComparison.Ordinal);

        // And whatever the neighbour did receive, replayed from its server, opens nothing.
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        foreach (var cookie in CookieHeader().Matches(seen).Select(m => m.Groups[1].Value).Append(""))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/settings");
            using var change = new HttpRequestMessage(HttpMethod.Post, "/api/settings") { Content = JsonContent.Create(new { sourceFolder = "/", autoBackupMinutes = 5 }) };
            change.Headers.Add("Origin", server.Origin);
            foreach (var request in new[] { read, change })
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookie);

                using var html = new HttpRequestMessage(HttpMethod.Get, "/");
                html.Headers.TryAddWithoutValidation("Cookie", cookie);
                var body = await (await replay.SendAsync(html)).Content.ReadAsStringAsync();
                request.Headers.Add("X-Ferry-Csrf", CsrfMeta().Match(body) is { Success: true } meta ? meta.Groups[1].Value : "");
                var response = await replay.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{request.Method} with '{cookie}' was answered {response.StatusCode}");
            }
        }

        Assert.False(File.Exists(server.ConfigPath), "a request from the neighbour changed the settings");
    }

    [GeneratedRegex(@"(?im)^Cookie:\s*(.+)$")]
    private static partial Regex CookieHeader();

    [GeneratedRegex("name=\"ferry-csrf\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();
}
