using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Storage.S3;

/// <summary>
/// TCP connections to the bucket's host, opened the moment a store is created. A command's first
/// requests wait on local work (reading the cache, the key derivation); meanwhile these handshakes
/// cross the link, so the lock and the listings find a connection ready instead of each paying a
/// round trip to open one (docs/ROUNDTRIPS.md). A connection nobody takes within
/// <see cref="MaxAge"/> is closed: only a command's first moments profit, and an idle connection may
/// have been dropped by the server or a router since.
/// </summary>
internal sealed class PreConnections(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>The one the S3 stores of this process share, as they share the SDK's HTTP clients.</summary>
    public static PreConnections Shared { get; } = new(TimeProvider.System);

    private readonly ConcurrentDictionary<(string Host, int Port), ConcurrentQueue<Pending>> _waiting = new();

    /// <summary>
    /// Opens <paramref name="count"/> connections to <paramref name="target"/>'s host, unless
    /// <paramref name="proxy"/> (the system's, which the HTTP handler follows on every OS) carries the
    /// requests there: the handler then connects to the proxy, and a connection straight to the
    /// bucket would go around it. The proxy is asked on a pool thread: a system proxy found by
    /// auto-detection may take a while to answer, and the command need not wait for it here.
    /// </summary>
    public void OpenUnlessProxied(Uri target, int count, IWebProxy? proxy) =>
        _ = Task.Run(() =>
        {
            if (!Proxied(target, proxy))
            {
                Open(target.IdnHost, target.Port, count);
            }
        });

    /// <summary>Whether requests to <paramref name="target"/> go through <paramref name="proxy"/>, as SocketsHttpHandler decides it.</summary>
    public static bool Proxied(Uri target, IWebProxy? proxy) =>
        proxy is not null && !proxy.IsBypassed(target) && proxy.GetProxy(target) is { } via && via != target;

    /// <summary>
    /// Starts connections to <paramref name="host"/> in the background until <paramref name="count"/>
    /// wait there: a command that opens the same bucket twice does not open twice as many.
    /// </summary>
    public void Open(string host, int port, int count)
    {
        var queue = _waiting.GetOrAdd((host, port), _ => new ConcurrentQueue<Pending>());
        while (queue.TryPeek(out var head) && head.Claimed)
        {
            queue.TryDequeue(out _);
        }

        for (var i = queue.Count(p => !p.Claimed); i < count; i++)
        {
            var pending = new Pending(ConnectAsync(new DnsEndPoint(host, port), CancellationToken.None));
            queue.Enqueue(pending);
            _ = CloseIfUnusedAsync(pending);
        }
    }

    /// <summary>
    /// A connection opened ahead to this endpoint (waiting for its handshake if it is still under way),
    /// or null when there is none, or it failed: the caller then connects as usual, and reports that
    /// attempt's error.
    /// </summary>
    public async ValueTask<Socket?> TakeAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (!_waiting.TryGetValue((endpoint.Host, endpoint.Port), out var queue))
        {
            return null;
        }

        while (queue.TryDequeue(out var pending))
        {
            if (!pending.Claim())
            {
                continue;
            }

            Socket socket;
            try
            {
                socket = await pending.Connect.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _ = DisposeWhenConnectedAsync(pending.Connect);
                throw;
            }
            catch (SocketException)
            {
                continue;
            }

            if (StillOpen(socket))
            {
                return socket;
            }

            socket.Dispose();
        }

        return null;
    }

    public static async Task<Socket> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Readable with nothing to read: the server closed it (or reset it) while it waited.
    private static bool StillOpen(Socket socket)
    {
        try
        {
            return !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task CloseIfUnusedAsync(Pending pending)
    {
        await Task.Delay(MaxAge, time).ConfigureAwait(false);
        if (pending.Claim())
        {
            await DisposeWhenConnectedAsync(pending.Connect).ConfigureAwait(false);
        }
    }

    private static async Task DisposeWhenConnectedAsync(Task<Socket> connect)
    {
        try
        {
            (await connect.ConfigureAwait(false)).Dispose();
        }
        catch (SocketException)
        {
            // It never connected: nothing to close.
        }
    }

    private sealed class Pending(Task<Socket> connect)
    {
        private int _claimed;

        public Task<Socket> Connect { get; } = connect;

        public bool Claimed => Volatile.Read(ref _claimed) != 0;

        /// <summary>True for exactly one caller: whoever takes the connection, or the expiry that closes it.</summary>
        public bool Claim() => Interlocked.Exchange(ref _claimed, 1) == 0;
    }
}
