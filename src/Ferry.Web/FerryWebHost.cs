using System.Globalization;
using System.Net;
using Ferry.Web.Api;
using Ferry.Web.Assets;
using Ferry.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ferry.Web;

/// <summary>
/// The page's server: Kestrel on 127.0.0.1 only, every request through <see cref="AccessGuard"/>.
/// Built on an empty host: no appsettings, no ASPNETCORE_* variables, no URLs from elsewhere, so
/// nothing outside this code can make it listen on another address.
/// </summary>
public sealed class FerryWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AccessToken _token;

    private FerryWebHost(WebApplication app, AccessToken token, int port)
    {
        _app = app;
        _token = token;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The page's address, without the token.</summary>
    public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    /// <summary>
    /// The address to open: it carries the access token in its fragment, which the browser keeps to
    /// itself (print it only to the user).
    /// </summary>
    public Uri SignInAddress => new(Address, $"/#{AccessGuard.TokenFragment}={_token.Value}");

    /// <summary>The access token the page sends in <see cref="TokenHeader"/> (tests use it to act as the page).</summary>
    public string Token => _token.Value;

    public static string TokenHeader => AccessGuard.TokenHeader;

    /// <summary>Completes when the server stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public static async Task<FerryWebHost> StartAsync(WebHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Ferry.Web", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));
        var app = builder.Build();

        var token = new AccessToken(options.Token);
        var services = new WebServices(options, app.Lifetime.ApplicationStopping);
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<AccessGuard>(token);
        app.UseMiddleware<ApiErrors>();
        StaticAssets.Map(app);
        var api = app.MapGroup("/api");
        SettingsApi.Map(api, services);
        AppsApi.Map(api, services);
        ConnectionApi.Map(api, services);
        BackupApi.Map(api, services);
        SnapshotsApi.Map(api, services);
        ManageApi.Map(api, services);
        StorageApi.Map(api, services);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FerryWebHost(app, token, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
