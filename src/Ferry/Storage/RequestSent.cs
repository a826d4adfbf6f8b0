namespace Ferry.Storage;

/// <summary>
/// Tells the caller of a store operation when its request has left for the server: its last byte was
/// written to the connection. A request can wait before that (for a connection still in its TCP
/// handshake, say), and a step timed from the call would then be timed from too early. The S3 store
/// reports the moment (<see cref="S3.ResponseTimeoutHandler"/>); a store that sends nothing never does.
/// It flows with the async context: set around a call, it reaches the HTTP handler that sends it.
/// </summary>
internal static class RequestSent
{
    private static readonly AsyncLocal<Action?> Watcher = new();

    /// <summary>
    /// Calls <paramref name="sent"/> each time a request started inside the scope has been sent (again
    /// when it is sent again); requests started after the scope is disposed do not.
    /// </summary>
    public static Scope Watch(Action sent)
    {
        var outer = Watcher.Value;
        Watcher.Value = sent;
        return new Scope(outer);
    }

    /// <summary>The watcher of the request being sent now, if its caller watches.</summary>
    public static Action? Current => Watcher.Value;

    /// <summary>Puts back the watcher that was there before <see cref="Watch"/>.</summary>
    public readonly struct Scope(Action? outer) : IDisposable
    {
        public void Dispose() => Watcher.Value = outer;
    }
}
