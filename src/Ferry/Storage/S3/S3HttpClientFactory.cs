using System.Net.Sockets;
using Amazon.Runtime;

namespace Ferry.Storage.S3;

/// <summary>
/// The HTTP client under the SDK: the .NET defaults, plus, on Linux, connections that acknowledge
/// at once (see <see cref="QuickAckStream"/>), and uploads that do not wait for a 100 Continue (see
/// <see cref="NoExpectContinueHandler"/>). Timeouts and the connection limit come from the SDK config.
/// </summary>
internal sealed class S3HttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clientConfig.MaxConnectionsPerServer ?? int.MaxValue,
            ConnectTimeout = clientConfig.ConnectTimeout ?? TimeSpan.FromSeconds(15),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (OperatingSystem.IsLinux())
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new QuickAckStream(socket);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(new NoExpectContinueHandler(handler)) { Timeout = clientConfig.Timeout ?? TimeSpan.FromMinutes(10) };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) =>
        $"ferry-s3/{clientConfig?.MaxConnectionsPerServer}/{clientConfig?.Timeout}/{clientConfig?.ConnectTimeout}";
}
