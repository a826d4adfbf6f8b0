using System.Net;
using System.Net.Sockets;
using Ferry.Storage.S3;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Tests.Storage.S3;

/// <summary>
/// Connections opened before the first request, against a real TCP listener on loopback: they are
/// the ones requests get, and none is handed out dead or left open for long.
/// </summary>
public sealed class PreConnectionsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TcpListener _server = new(IPAddress.Loopback, 0);
    private readonly FakeTimeProvider _time = new();
    private readonly List<Socket> _sockets = [];

    public PreConnectionsTests() => _server.Start();

    private DnsEndPoint Endpoint => new("127.0.0.1", ((IPEndPoint)_server.LocalEndpoint).Port);

    [Fact]
    public async Task The_connections_opened_ahead_are_the_ones_the_requests_get_and_a_second_store_opens_no_more()
    {
        var connections = new PreConnections(_time);

        connections.Open(Endpoint.Host, Endpoint.Port, 3);
        connections.Open(Endpoint.Host, Endpoint.Port, 3);
        var accepted = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            accepted.Add(((IPEndPoint)Keep(await _server.AcceptSocketAsync().WaitAsync(Patience)).RemoteEndPoint!).Port);
        }

        var taken = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            taken.Add(((IPEndPoint)Keep(await connections.TakeAsync(Endpoint, CancellationToken.None) ?? throw new InvalidOperationException("no connection opened ahead")).LocalEndPoint!).Port);
        }

        // The same connections (by their client-side ports), not new ones.
        Assert.Equal(accepted.Order(), taken.Order());
        Assert.Null(await connections.TakeAsync(Endpoint, CancellationToken.None));
        Assert.Null(await connections.TakeAsync(new DnsEndPoint("localhost", Endpoint.Port), CancellationToken.None));
        Assert.False(_server.Pending(), "a second Open of the same host opened more connections");
    }

    [Fact]
    public async Task A_connection_the_server_closed_while_it_waited_is_not_handed_out()
    {
        var connections = new PreConnections(_time);
        connections.Open(Endpoint.Host, Endpoint.Port, 2);
        for (var i = 0; i < 2; i++)
        {
            (await _server.AcceptSocketAsync().WaitAsync(Patience)).Dispose();
        }

        // The server's FIN has to reach our side before the check can see it.
        await Task.Delay(200);

        Assert.Null(await connections.TakeAsync(Endpoint, CancellationToken.None));
    }

    [Fact]
    public async Task A_connection_nobody_takes_is_closed_once_it_is_too_old_to_trust()
    {
        var connections = new PreConnections(_time);
        connections.Open(Endpoint.Host, Endpoint.Port, 1);
        var accepted = Keep(await _server.AcceptSocketAsync().WaitAsync(Patience));

        _time.Advance(PreConnections.MaxAge);

        var read = await accepted.ReceiveAsync(new byte[1]).WaitAsync(Patience);
        Assert.Equal(0, read);
        Assert.Null(await connections.TakeAsync(Endpoint, CancellationToken.None));
    }

    [Fact]
    public async Task A_host_that_refuses_leaves_the_request_to_connect_itself_and_report_that()
    {
        var refusing = Endpoint;
        _server.Stop();
        var connections = new PreConnections(_time);

        connections.Open(refusing.Host, refusing.Port, 2);

        Assert.Null(await connections.TakeAsync(refusing, CancellationToken.None));
        await Assert.ThrowsAsync<SocketException>(() => PreConnections.ConnectAsync(refusing, CancellationToken.None));
    }

    [Fact]
    public async Task Through_a_proxy_nothing_is_opened_ahead_since_the_requests_go_to_the_proxy()
    {
        var target = new Uri($"http://127.0.0.1:{Endpoint.Port}/");
        var connections = new PreConnections(_time);

        connections.OpenUnlessProxied(target, 2, new WebProxy("http://proxy.example:3128"));
        await Task.Delay(300);
        Assert.False(_server.Pending(), "connections went around the proxy");
        Assert.Null(await connections.TakeAsync(Endpoint, CancellationToken.None));

        connections.OpenUnlessProxied(target, 1, new WebProxy("http://proxy.example:3128", BypassOnLocal: true));
        Keep(await _server.AcceptSocketAsync().WaitAsync(Patience));
        Assert.False(PreConnections.Proxied(target, null));
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _server.Stop();
    }

    private Socket Keep(Socket socket)
    {
        _sockets.Add(socket);
        return socket;
    }
}
