using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server that counts the connections made through it. It
/// passes bytes untouched, so over HTTPS every connection carries exactly one TLS handshake with the
/// server behind it: the count of connections is the count of handshakes.
/// </summary>
public sealed class ConnectionCountingRelay : LoopbackServer
{
    private readonly int _targetPort;
    private int _connections;

    /// <param name="target">The server, e.g. https://127.0.0.1:7443: only its port is used.</param>
    public ConnectionCountingRelay(string target)
    {
        _targetPort = new Uri(target).Port;
        Start();
    }

    /// <summary>The target's address with the relay's port (same scheme and host, so the certificate still matches).</summary>
    public string Endpoint(string target) => new UriBuilder(target) { Port = Port }.Uri.ToString().TrimEnd('/');

    /// <summary>Connections accepted since the last call.</summary>
    public int TakeConnections() => Interlocked.Exchange(ref _connections, 0);

    protected override async Task ServeAsync(TcpClient client)
    {
        Interlocked.Increment(ref _connections);
        using var server = new TcpClient();
        await server.ConnectAsync(IPAddress.Loopback, _targetPort, Stopping);
        var toServer = client.GetStream().CopyToAsync(server.GetStream(), Stopping);
        var toClient = server.GetStream().CopyToAsync(client.GetStream(), Stopping);
        await Task.WhenAny(toServer, toClient);
    }
}
