namespace Ferry.Storage.S3;

/// <summary>
/// Gives up a request whose answer does not begin within <see cref="S3Timeouts.Response"/> of its last
/// byte sent, and guards the answer's body with <see cref="S3Timeouts.BodyStall"/>. The clock starts only
/// once the body has been written (see <see cref="TimedRequestContent"/>): a large PUT on a slow uplink
/// takes minutes to send and is not a silent server. Both end in a <see cref="SilentProviderException"/>.
/// The same moment is what a caller watching the request learns (<see cref="RequestSent"/>).
/// </summary>
internal sealed class ResponseTimeoutHandler(HttpMessageHandler inner, S3Timeouts timeouts) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Content is { } body)
        {
            // Sending may start again (the handler resends on a pooled connection found dead): no clock meanwhile.
            var watcher = RequestSent.Current;
            request.Content = new TimedRequestContent(
                body,
                sending: () => silence.CancelAfter(Timeout.InfiniteTimeSpan),
                sent: () =>
                {
                    silence.CancelAfter(timeouts.Response);
                    watcher?.Invoke();
                });
        }
        else
        {
            silence.CancelAfter(timeouts.Response);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, silence.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException
            && silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw SilentProviderException.NoAnswer(timeouts.Response, e);
        }

        response.Content = new StallGuardContent(response.Content, timeouts.BodyStall);
        return response;
    }
}
