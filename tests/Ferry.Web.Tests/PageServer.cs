using System.Net.Http.Json;
using Ferry.Configuration;
using Ferry.Scheduling;
using Ferry.Testing;

namespace Ferry.Web.Tests;

/// <summary>
/// <c>ferry ui</c> in-process: a real Kestrel on 127.0.0.1 with a fresh config file, a running scheduler and a
/// chosen environment (never the test process's own, so FERRY_* variables cannot leak in).
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<HttpClient> _clients = [];
    private readonly AutoBackupScheduler _scheduler;
    private readonly CancellationTokenSource _stop = new();
    private Task _schedule = Task.CompletedTask;
    private FerryWebHost? _host;

    private PageServer(Dictionary<string, string> environment, bool local)
    {
        ConfigPath = _temp.Sub("config/config.json");
        // App presets find their data folders under a home of the test's own, never the user's.
        environment["HOME"] = environment["USERPROFILE"] = Home;
        if (local)
        {
            environment["FERRY_REPOSITORY"] = _temp.Sub("repository");
        }

        Settings = new SettingsSource(ConfigPath, environment, TimeProvider.System);
        Backups = new BackupCoordinator(Settings);
        _scheduler = new AutoBackupScheduler(Backups, Settings);
    }

    public string ConfigPath { get; }

    /// <summary>The home folder the page sees (HOME): Cherry Studio's data folder is <c>Home/.config/CherryStudio</c>.</summary>
    public string Home => _temp.Sub("home");

    public SettingsSource Settings { get; }

    public BackupCoordinator Backups { get; }

    public FerryWebHost Host => _host!;

    public Uri Address => Host.Address;

    public string Origin => $"http://127.0.0.1:{Host.Port}";

    public string Sub(string name) => _temp.Sub(name);

    /// <param name="local">
    /// Back up into a local repository in the test's folder (FERRY_REPOSITORY). Without it and without
    /// S3 settings, backups would go to the user's real default repository.
    /// </param>
    public static async Task<PageServer> StartAsync(bool local = false)
    {
        var server = new PageServer([], local);
        server._host = await FerryWebHost.StartAsync(
            new WebHostOptions { Settings = server.Settings, Backups = server.Backups, Scheduler = server._scheduler },
            CancellationToken.None);
        server._schedule = server._scheduler.RunAsync(server._stop.Token);
        return server;
    }

    /// <summary>A client without the token: what a stranger (or another site's script) has.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };
        _clients.Add(client);
        return client;
    }

    /// <summary>A client that acts as the page opened from the printed address: the token in its header, changes from its Origin.</summary>
    public Task<HttpClient> SignedInAsync()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(FerryWebHost.TokenHeader, Host.Token);
        client.DefaultRequestHeaders.Add("Origin", Origin);
        return Task.FromResult(client);
    }

    /// <summary>Polls the status until nothing runs; returns the last status.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitIdleAsync(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/status");
            var operationRunning = status.GetProperty("operation") is { ValueKind: System.Text.Json.JsonValueKind.Object } op && op.GetProperty("state").GetString() == "running";
            if (status.GetProperty("backup").ValueKind == System.Text.Json.JsonValueKind.Null && !operationRunning)
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the page still reports work running after 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _stop.CancelAsync();
        await _schedule;
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _scheduler.Dispose();
        Settings.Dispose();
        _stop.Dispose();
        _temp.Dispose();
    }
}
