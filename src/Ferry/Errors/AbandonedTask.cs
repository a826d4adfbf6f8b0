namespace Ferry.Errors;

/// <summary>Requests started in parallel whose answer is no longer wanted because another one failed.</summary>
internal static class AbandonedTask
{
    /// <summary>Lets <paramref name="task"/> finish on its own; a failure it ends with is observed and dropped.</summary>
    public static void Abandon(this Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
