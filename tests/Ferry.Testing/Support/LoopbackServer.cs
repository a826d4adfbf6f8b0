using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing.Support;

/// <summary>
/// A small TCP server on a free port of 127.0.0.1 that serves each connection on its own task until
/// disposed: the base of the test servers that stand between Ferry and the world (a faulty proxy, a
/// neighbour's web server).
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the server stops.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public virtual async ValueTask DisposeAsync()
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
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts listening; call once, from the constructor of the derived class when it is ready.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>Serves one connection; the client is disposed afterwards.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await ServeAsync(client);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
                    {
                        // The client went away or the server stops: nothing to answer.
                    }
                }
            });
        }
    }
}
