using System.Diagnostics.CodeAnalysis;
using Ferry.Errors;
using Ferry.Web.Api;

namespace Ferry.Web.Operations;

/// <summary>
/// The page's one long operation besides backups (a restore, a delete of several snapshots): started
/// in the background, polled for progress, cancellable, and kept after it ends so the page can show
/// how it went.
/// </summary>
internal sealed class OperationSlot(TimeProvider time)
{
    private readonly Lock _gate = new();
    private Operation? _current;
    private int _nextId;

    /// <summary>Starts <paramref name="work"/> unless another operation is running; its result is the message shown at the end.</summary>
    public Operation? TryStart(string kind, string title, Func<Operation, CancellationToken, Task<string>> work, CancellationToken shutdown)
    {
        lock (_gate)
        {
            if (_current is { State: OperationState.Running })
            {
                return null;
            }

            var operation = new Operation(++_nextId, kind, title, time, shutdown);
            _current?.Dispose();
            _current = operation;
            _ = Task.Run(() => RunAsync(operation, work), CancellationToken.None);
            return operation;
        }
    }

    public OperationView? View()
    {
        lock (_gate)
        {
            return _current?.View();
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _current?.Cancel();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The page shows a bug's message instead of losing the operation silently.")]
    private static async Task RunAsync(Operation operation, Func<Operation, CancellationToken, Task<string>> work)
    {
        try
        {
            operation.Succeed(await work(operation, operation.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (operation.Token.IsCancellationRequested)
        {
            operation.Fail(OperationState.Canceled, "canceled");
        }
        catch (Exception e) when (UserErrors.Is(e))
        {
            operation.Fail(OperationState.Failed, Api.PageRemedies.Describe(e).ReplaceLineEndings(" "));
        }
        catch (Exception e)
        {
            operation.Fail(OperationState.Failed, UserErrors.Unexpected(e).ReplaceLineEndings(" "));
        }
    }
}

internal enum OperationState
{
    Running,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>One restore or delete; the work reports progress through <see cref="Report"/>.</summary>
internal sealed class Operation : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _cancel;
    private volatile Func<(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal)> _progress = () => default;
    private string? _message;
    private string? _error;
    private TimeSpan? _elapsed;

    // Written by the operation's task after its message, read by status requests.
    private volatile OperationState _state = OperationState.Running;

    public Operation(int id, string kind, string title, TimeProvider time, CancellationToken shutdown)
    {
        Id = id;
        Kind = kind;
        Title = title;
        _time = time;
        _started = time.GetTimestamp();
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    public int Id { get; }

    public string Kind { get; }

    public string Title { get; }

    public OperationState State => _state;

    public CancellationToken Token => _cancel.Token;

    public void Report(Func<(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal)> progress) => _progress = progress;

    /// <summary>A restore's conflicting or renamed names, set before it ends, for the page to list.</summary>
    public NamesView? Names { get; set; }

    public void Cancel()
    {
        if (State == OperationState.Running)
        {
            _cancel.Cancel();
        }
    }

    public void Succeed(string message)
    {
        _message = message;
        End(OperationState.Succeeded);
    }

    public void Fail(OperationState state, string error)
    {
        _error = error;
        End(state);
    }

    public OperationView View()
    {
        var (filesDone, filesTotal, bytesDone, bytesTotal) = _progress();
        var elapsed = _elapsed ?? _time.GetElapsedTime(_started);
        var progress = Progress.View(filesDone, filesTotal, bytesDone, bytesTotal, filesTotal > 0, elapsed);
        return new OperationView(Id, Kind, Title, State.ToString().ToLowerInvariant(), progress, _message, _error, Names);
    }

    public void Dispose() => _cancel.Dispose();

    private void End(OperationState state)
    {
        _elapsed = _time.GetElapsedTime(_started);
        _state = state;
    }
}
