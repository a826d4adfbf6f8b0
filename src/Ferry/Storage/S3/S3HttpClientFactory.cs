using System.Net.Sockets;
using Amazon.Runtime;

namespace Ferry.Storage.S3;

/// <summary>
/// The HTTP client under the SDK: the .NET defaults, plus connections opened before the first request
/// needs them (see <see cref="PreConnections"/>), on Linux connections that acknowledge at once (see
/// <see cref="QuickAckStream"/>), uploads that do not wait for a 100 Continue (see
/// <see cref="NoExpectContinueHandler"/>), and a provider that falls silent given up (see
/// <see cref="ResponseTimeoutHandler"/>). The other timeouts and the connection limit come from the SDK config.
/// </summary>
internal sealed class S3HttpClientFactory(S3Timeouts timeouts) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clientConfig.MaxConnectionsPerServer ?? int.MaxValue,
            ConnectTimeout = clientConfig.ConnectTimeout ?? timeouts.Connect,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = await PreConnections.Shared.TakeAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false)
                ?? await PreConnections.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return OperatingSystem.IsLinux() ? new QuickAckStream(socket) : new NetworkStream(socket, ownsSocket: true);
        };

        return new HttpClient(new ResponseTimeoutHandler(new NoExpectContinueHandler(handler), timeouts)) { Timeout = clientConfig.Timeout ?? timeouts.Request };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>The SDK shares one HTTP client among all clients whose string is the same: every setting of ours is in it.</summary>
    public override string GetConfigUniqueString(IClientConfig clientConfig) =>
        $"ferry-s3/{clientConfig?.MaxConnectionsPerServer}/{clientConfig?.Timeout}/{clientConfig?.ConnectTimeout}/{timeouts.Response}/{timeouts.BodyStall}";
}
