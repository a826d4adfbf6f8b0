using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;

namespace Ferry.Web.Tests.Api;

/// <summary>The page's guards (docs/SECURITY.md, section 5): loopback only, a token, the right Host, no other site's requests, secrets write-only.</summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private PageServer _server = null!;

    public async Task InitializeAsync() => _server = await PageServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/settings")]
    [InlineData("/api/status")]
    [InlineData("/api/snapshots")]
    public async Task Without_the_token_every_API_request_is_refused(string path)
    {
        var response = await _server.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("open the address that 'ferry ui' printed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_no_cookie_is_ever_set()
    {
        var client = _server.Anonymous();
        client.DefaultRequestHeaders.Add(FerryWebHost.TokenHeader, "guessed");

        var response = await client.GetAsync("/api/settings");
        var page = await client.GetAsync(_server.Host.SignInAddress);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_printed_address_carries_the_token_in_its_fragment_which_no_request_sends()
    {
        var address = _server.Host.SignInAddress;

        Assert.Equal($"#token={_server.Host.Token}", address.Fragment);
        Assert.DoesNotContain(_server.Host.Token, address.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/app.css")]
    public async Task The_pages_own_files_hold_no_secret_and_load_under_a_strict_content_policy(string path)
    {
        var page = await _server.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(_server.Host.Token, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("127.0.0.1")]
    public async Task Another_Host_header_is_refused_even_with_the_token(string host)
    {
        var client = await _server.SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/settings");
        request.Headers.Host = host;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Fact]
    public async Task Localhost_with_the_right_port_is_accepted()
    {
        var client = await _server.SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Host = $"localhost:{_server.Host.Port}";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example", true, HttpStatusCode.Forbidden)]
    [InlineData("null", true, HttpStatusCode.Forbidden)]
    [InlineData(null, true, HttpStatusCode.Forbidden)]
    [InlineData("same", false, HttpStatusCode.Unauthorized)]
    public async Task A_cross_site_POST_is_refused(string? origin, bool withToken, HttpStatusCode refused)
    {
        var client = await _server.SignedInAsync();
        client.DefaultRequestHeaders.Remove("Origin");
        if (!withToken)
        {
            client.DefaultRequestHeaders.Remove(FerryWebHost.TokenHeader);
        }

        if (origin is not null)
        {
            client.DefaultRequestHeaders.Add("Origin", origin == "same" ? _server.Origin : origin);
        }

        var response = await client.PostAsJsonAsync("/api/settings", new { endpoint = "http://127.0.0.1:1", bucket = "b", accessKeyId = "k", secretAccessKey = "s" });

        Assert.Equal(refused, response.StatusCode);
        Assert.False(File.Exists(_server.ConfigPath), "a refused request changed the settings");
    }

    [Theory]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "my-backups", "secretAccessKey")]
    [InlineData("https://s3.us-west-1.amazonaws.com", "their-bucket", "secretAccessKey")]
    public async Task Another_endpoint_or_bucket_needs_the_secrets_typed_again(string endpoint, string bucket, string field)
    {
        var client = await _server.SignedInAsync();
        var form = new { endpoint = "https://s3.us-west-1.amazonaws.com", region = "us-west-1", bucket = "my-backups", accessKeyId = "AKIAEXAMPLE", secretAccessKey = "super-secret-key-123", password = "correct horse battery" };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/settings", form)).StatusCode);

        var moved = await client.PostAsJsonAsync("/api/settings", form with { endpoint = endpoint, bucket = bucket, secretAccessKey = "", password = "" });
        var tested = await client.PostAsJsonAsync("/api/test-connection", form with { endpoint = endpoint, bucket = bucket, secretAccessKey = "", password = "" });
        var withoutPassword = await client.PostAsJsonAsync("/api/settings", form with { endpoint = endpoint, bucket = bucket, password = "" });

        foreach (var (response, expected) in new[] { (moved, field), (tested, field), (withoutPassword, "password") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(expected, error.GetProperty("field").GetString());
            Assert.Contains("enter", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("https://s3.us-west-1.amazonaws.com", _server.Settings.Load().Endpoint);
        Assert.Equal("my-backups", _server.Settings.Load().Bucket);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/settings", form with { endpoint = endpoint, bucket = bucket })).StatusCode);
        Assert.Equal(endpoint, _server.Settings.Load().Endpoint);
    }

    [Fact]
    public async Task A_request_another_site_started_is_refused_even_a_GET()
    {
        var client = await _server.SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/snapshots");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only()
    {
        Assert.Equal("127.0.0.1", _server.Address.Host);

        // The kernel's own table of listening sockets: every one on the page's port is 127.0.0.1.
        var port = _server.Host.Port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        var listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1].EndsWith($":{port}", StringComparison.Ordinal) && fields[3] == "0A")
            .Select(fields => fields[1])
            .ToList();
        Assert.NotEmpty(listening);
        Assert.All(listening, address => Assert.Equal($"0100007F:{port}", address));

        // And from another interface, where the machine has one, nothing answers.
        var outside = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (outside is not null)
        {
            using var socket = new TcpClient();
            var connect = await Record.ExceptionAsync(() => socket.ConnectAsync(outside, _server.Host.Port));
            Assert.IsType<SocketException>(connect);
        }
    }

    [Fact]
    public async Task Secrets_are_write_only_kept_when_left_empty_and_the_config_file_stays_0600()
    {
        var client = await _server.SignedInAsync();
        var form = new { endpoint = "https://s3.us-west-1.amazonaws.com", region = "us-west-1", bucket = "my-backups", accessKeyId = "AKIAEXAMPLE", secretAccessKey = "super-secret-key-123", password = "correct horse battery" };

        var saved = await client.PostAsJsonAsync("/api/settings", form);
        var again = await client.PostAsJsonAsync("/api/settings", form with { secretAccessKey = "", password = "" });
        var shown = await client.GetStringAsync("/api/settings");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        foreach (var body in new[] { await saved.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync(), shown })
        {
            Assert.DoesNotContain("super-secret-key-123", body);
            Assert.DoesNotContain("correct horse battery", body);
        }

        var view = JsonDocument.Parse(shown).RootElement;
        Assert.True(view.GetProperty("secretAccessKeySet").GetBoolean());
        Assert.True(view.GetProperty("passwordSet").GetBoolean());
        var file = _server.Settings.Load();
        Assert.Equal("super-secret-key-123", file.SecretAccessKey);
        Assert.Equal("correct horse battery", file.Password);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.ConfigPath));
        }
    }

    [Theory]
    [InlineData("https://my-backups.s3.us-west-1.amazonaws.com", "us-west-1", "endpoint", "repeats the bucket name")]
    [InlineData("s3.us-west-1.amazonaws.com", "us-west-1", "endpoint", "has no scheme")]
    [InlineData("https://0123abc.r2.cloudflarestorage.com", "us-east-1", "region", "region 'auto'")]
    public async Task Real_mistakes_are_caught_before_anything_is_saved_or_sent(string endpoint, string region, string field, string message)
    {
        var client = await _server.SignedInAsync();

        var response = await client.PostAsJsonAsync("/api/settings", new { endpoint, region, bucket = "my-backups", accessKeyId = "AKIAEXAMPLE", secretAccessKey = "wJalrXUtnFEMI-K7MDENG-EXAMPLE" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(message, error.GetProperty("error").GetString());
        Assert.False(File.Exists(_server.ConfigPath));
    }
}
