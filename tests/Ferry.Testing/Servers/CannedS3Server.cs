using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Ferry.Testing.Support;

namespace Ferry.Testing.Servers;

/// <summary>One request as the canned server saw it: its request line and header lines.</summary>
public sealed record CannedRequest(string Method, string Target, IReadOnlyList<string> Headers);

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that answers every request with whatever the test scripts: the
/// answers real providers give that Ceph RGW never does (AWS region redirects, 503 SlowDown, bodies
/// cut short, a Range header ignored), and the silences of a network that takes a connection and then
/// hangs. One request per connection, so a reply can end mid-body.
/// </summary>
public sealed class CannedS3Server : LoopbackServer
{
    private readonly Func<CannedRequest, Stream, CancellationToken, Task> _serve;
    private int _requests;

    /// <summary>A server that writes <paramref name="answer"/>'s bytes for each request and closes.</summary>
    public CannedS3Server(Func<CannedRequest, byte[]> answer)
        : this((request, stream, ct) => stream.WriteAsync(answer(request), ct).AsTask())
    {
    }

    /// <summary>A server that lets <paramref name="serve"/> write (or not) whatever, whenever, after each request's body.</summary>
    public CannedS3Server(Func<CannedRequest, Stream, CancellationToken, Task> serve)
    {
        _serve = serve;
        Start();
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Requests received whole (head and body).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Reads request bodies no faster than this many bytes a second (a slow uplink); null for at once.</summary>
    public int? BodyBytesPerSecond { get; init; }

    /// <summary>
    /// A raw HTTP response. <paramref name="declaredLength"/> larger than the body makes a reply that
    /// ends early, as a dropped connection does.
    /// </summary>
    public static byte[] Reply(int status, string body = "", long? declaredLength = null, params string[] headers) =>
        Reply(status, Encoding.UTF8.GetBytes(body), declaredLength, headers);

    /// <inheritdoc cref="Reply(int, string, long?, string[])"/>
    public static byte[] Reply(int status, byte[] body, long? declaredLength = null, params string[] headers)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Canned\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {declaredLength ?? body.Length}\r\n")
            .Append("Content-Type: application/xml\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary>An S3 error document, as AWS sends it.</summary>
    public static byte[] Error(int status, string code, string message = "canned", string extraXml = "", params string[] headers) => Reply(
        status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message>{extraXml}<RequestId>r1</RequestId></Error>",
        null, headers);

    protected override async Task ServeAsync(TcpClient client)
    {
        if (BodyBytesPerSecond is not null)
        {
            // A fixed window (not one that grows to megabytes), so the bytes not yet read wait on the client's side.
            client.ReceiveBufferSize = 64 * 1024;
        }

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
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), Stopping);
        }

        await ReadBodyAsync(stream, length);
        Interlocked.Increment(ref _requests);
        await _serve(new CannedRequest(requestLine[0], requestLine[1], [.. lines.Skip(1).Where(l => l.Length > 0)]), stream, Stopping);
        await stream.FlushAsync(Stopping);
        client.Client.Shutdown(SocketShutdown.Both);
    }

    private async Task ReadBodyAsync(NetworkStream stream, long length)
    {
        var chunk = new byte[64 * 1024];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long read = 0; read < length;)
        {
            var n = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - read)), Stopping);
            if (n == 0)
            {
                throw new IOException("the request body ended early");
            }

            read += n;
            if (BodyBytesPerSecond is { } rate && TimeSpan.FromSeconds(read / (double)rate) - clock.Elapsed is { Ticks: > 0 } ahead)
            {
                await Task.Delay(ahead, Stopping);
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one, Stopping);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
