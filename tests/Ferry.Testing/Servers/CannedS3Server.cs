using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Testing.Servers;

/// <summary>One request as the canned server saw it: its request line and header lines.</summary>
public sealed record CannedRequest(string Method, string Target, IReadOnlyList<string> Headers);

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that answers every request with whatever the test scripts: the
/// answers real providers give that Ceph RGW never does (AWS region redirects, 503 SlowDown, bodies
/// cut short, a Range header ignored). One request per connection, so a reply can end mid-body.
/// </summary>
public sealed class CannedS3Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<CannedRequest, byte[]> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public CannedS3Server(Func<CannedRequest, byte[]> answer)
    {
        _answer = answer;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// A raw HTTP response. <paramref name="declaredLength"/> larger than the body makes a reply that
    /// ends early, as a dropped connection does.
    /// </summary>
    public static byte[] Reply(int status, string body = "", long? declaredLength = null, params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Canned\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {declaredLength ?? bytes.Length}\r\n")
            .Append("Content-Type: application/xml\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. bytes];
    }

    /// <summary>An S3 error document, as AWS sends it.</summary>
    public static byte[] Error(int status, string code, string message = "canned", string extraXml = "", params string[] headers) => Reply(
        status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message>{extraXml}<RequestId>r1</RequestId></Error>",
        null, headers);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var length = lines.Skip(1)
                .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => long.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
                .FirstOrDefault();
            if (lines.Any(l => l.Equals("Expect: 100-continue", StringComparison.OrdinalIgnoreCase)))
            {
                // As real servers do; otherwise the client waits a second before sending the body.
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token);
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body, _stop.Token);
            Interlocked.Increment(ref _requests);
            await stream.WriteAsync(_answer(new CannedRequest(requestLine[0], requestLine[1], [.. lines.Skip(1).Where(l => l.Length > 0)])), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            client.Client.Shutdown(SocketShutdown.Both);
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one, _stop.Token);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
