using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server that counts the connections made through it. It
/// passes bytes untouched, so over HTTPS every connection carries exactly one TLS handshake with the
/// server behind it: the count of connections is the count of handshakes.
/// </summary>
public sealed class ConnectionCountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly Task _loop;
    private int _connections;

    /// <param name="target">The server, e.g. https://127.0.0.1:7443: only its port is used.</param>
    public ConnectionCountingRelay(string target)
    {
        _targetPort = new Uri(target).Port;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The target's address with the relay's port (same scheme and host, so the certificate still matches).</summary>
    public string Endpoint(string target) => new UriBuilder(target) { Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri.ToString().TrimEnd('/');

    /// <summary>Connections accepted since the last call.</summary>
    public int TakeConnections() => Interlocked.Exchange(ref _connections, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var toServer = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var toClient = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side closed or the test ended: the connection is over either way.
            }
        }
    }
}
