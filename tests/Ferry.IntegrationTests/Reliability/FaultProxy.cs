using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Ferry.Testing.Support;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>What the proxy does to a request instead of passing it through cleanly.</summary>
public enum FaultKind
{
    /// <summary>500 InternalError, the request never reaches the server.</summary>
    ServerError,

    /// <summary>503 SlowDown, the request never reaches the server.</summary>
    SlowDown,

    /// <summary>The connection is reset before the request is forwarded.</summary>
    ResetBeforeServer,

    /// <summary>The server carries the request out, then the connection is reset: the answer is lost.</summary>
    ResetAfterServer,

    /// <summary>No answer for a long while, then a reset (an idle timeout on the way).</summary>
    Stall,

    /// <summary>The right answer, after a delay and trickled in small pieces.</summary>
    Slow,

    /// <summary>The right head, then half the body, then the connection closes.</summary>
    TruncatedBody,
}

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of a real S3 server (Ceph RGW) that misbehaves on a given
/// share of requests, picking one <see cref="FaultKind"/> at random each time. Requests are
/// forwarded with their Host header unchanged, so SigV4 signatures still verify upstream.
/// </summary>
public sealed class FaultProxy : LoopbackServer
{
    private static readonly HashSet<string> HopByHop = new(["Host", "Connection", "Content-Length", "Expect", "Transfer-Encoding", "Keep-Alive"], StringComparer.OrdinalIgnoreCase);
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();

    private readonly HttpClient _upstream = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
    private readonly string _target;
    private readonly Random _random;
    private readonly Lock _throttle = new();
    private long _linkFreeAt;
    private int _requests;

    /// <param name="target">The real server, e.g. http://127.0.0.1:7480.</param>
    /// <param name="percent">The share of requests that fail, 0 to 100.</param>
    /// <param name="seed">The random seed, so a run can be replayed.</param>
    /// <param name="kinds">The faults to choose from; all when null.</param>
    public FaultProxy(string target, int percent, int seed, IReadOnlyList<FaultKind>? kinds = null)
    {
        _target = target.TrimEnd('/');
        Percent = percent;
        Faults = kinds ?? Kinds;
        _random = new Random(seed);
        Start();
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Percent { get; set; }

    public IReadOnlyList<FaultKind> Faults { get; }

    /// <summary>How long a stalled request waits before its connection is reset.</summary>
    public TimeSpan StallTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When above 0, request bodies pass at most this fast, all connections together: a slow uplink,
    /// so that a backup takes long enough for something else to happen meanwhile.
    /// </summary>
    public int UploadBytesPerSecond { get; init; }

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentDictionary<FaultKind, int> Injected { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _upstream.Dispose();
    }

    /// <summary>Serves the requests of one kept-alive connection until a fault or the client closes it.</summary>
    protected override async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var ct = Stopping;
        while (await ReadHeadAsync(stream, ct) is { } head)
        {
            var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var (method, target) = (lines[0].Split(' ')[0], lines[0].Split(' ')[1]);
            var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
            if (headers.Any(h => h.Name.Equals("Expect", StringComparison.OrdinalIgnoreCase) && h.Value.Equals("100-continue", StringComparison.OrdinalIgnoreCase)))
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), ct);
            }

            var length = headers.Where(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, ct);
            await ThrottleAsync(length, ct);
            Interlocked.Increment(ref _requests);

            var fault = Choose();
            if (fault is { } kind)
            {
                Injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
            }

            switch (fault)
            {
                case FaultKind.ServerError:
                    await stream.WriteAsync(ErrorReply(500, "InternalError"), ct);
                    continue;
                case FaultKind.SlowDown:
                    await stream.WriteAsync(ErrorReply(503, "SlowDown"), ct);
                    continue;
                case FaultKind.ResetBeforeServer:
                    Reset(client);
                    return;
                case FaultKind.Stall:
                    await Task.Delay(StallTime, ct);
                    Reset(client);
                    return;
            }

            var (responseHead, responseBody, declaredLength) = await ForwardAsync(method, target, headers, body, ct);
            switch (fault)
            {
                case FaultKind.ResetAfterServer:
                    Reset(client);
                    return;
                case FaultKind.TruncatedBody when method != "HEAD":
                    var declared = Math.Max(responseBody.Length, 16);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead + $"Content-Length: {declared}\r\n\r\n"), ct);
                    await stream.WriteAsync(responseBody.AsMemory(0, responseBody.Length / 2), ct);
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                case FaultKind.TruncatedBody:
                    Reset(client);
                    return;
                case FaultKind.Slow:
                    await Task.Delay(TimeSpan.FromMilliseconds(Next(200, 1500)), ct);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead + $"Content-Length: {declaredLength}\r\n\r\n"), ct);
                    for (var offset = 0; offset < responseBody.Length; offset += 64 * 1024)
                    {
                        await stream.WriteAsync(responseBody.AsMemory(offset, Math.Min(64 * 1024, responseBody.Length - offset)), ct);
                        await Task.Delay(2, ct);
                    }

                    continue;
                default:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead + $"Content-Length: {declaredLength}\r\n\r\n"), ct);
                    await stream.WriteAsync(responseBody, ct);
                    continue;
            }
        }
    }

    /// <summary>
    /// Sends the request on to the real server; returns the response head (without Content-Length and
    /// the blank line), the body, and the length to declare (for HEAD, the object's size).
    /// </summary>
    private async Task<(string Head, byte[] Body, long Length)> ForwardAsync(string method, string target, List<(string Name, string Value)> headers, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), _target + target);
        var content = body.Length > 0 || method is "PUT" or "POST" ? new ByteArrayContent(body) : null;
        foreach (var (name, value) in headers.Where(h => !HopByHop.Contains(h.Name)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.Host = headers.First(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value;
        request.Content = content;
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var responseBody = method == "HEAD" ? [] : await response.Content.ReadAsByteArrayAsync(ct);
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {string.Join(", ", values)}\r\n");
        }

        var length = method == "HEAD" ? response.Content.Headers.ContentLength ?? 0 : responseBody.Length;
        return (head.ToString(), responseBody, length);
    }

    /// <summary>Waits until <paramref name="bytes"/> would have passed a link of <see cref="UploadBytesPerSecond"/>, shared by every connection.</summary>
    private async Task ThrottleAsync(int bytes, CancellationToken ct)
    {
        if (UploadBytesPerSecond <= 0 || bytes == 0)
        {
            return;
        }

        TimeSpan wait;
        lock (_throttle)
        {
            var now = TimeProvider.System.GetTimestamp();
            _linkFreeAt = Math.Max(_linkFreeAt, now) + (long)(bytes * (double)System.Diagnostics.Stopwatch.Frequency / UploadBytesPerSecond);
            wait = TimeSpan.FromSeconds((_linkFreeAt - now) / (double)System.Diagnostics.Stopwatch.Frequency);
        }

        await Task.Delay(wait, ct);
    }

    private FaultKind? Choose()
    {
        lock (_random)
        {
            return _random.Next(100) < Percent ? Faults[_random.Next(Faults.Count)] : null;
        }
    }

    private int Next(int min, int max)
    {
        lock (_random)
        {
            return _random.Next(min, max);
        }
    }

    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    private static byte[] ErrorReply(int status, string code) =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the fault proxy</Message><RequestId>fault</RequestId></Error>") is var xml
            ? [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Injected\r\nContent-Type: application/xml\r\nContent-Length: {xml.Length}\r\n\r\n"), .. xml]
            : [];

    /// <summary>The request line and headers, or null when the client closed the connection between requests.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
