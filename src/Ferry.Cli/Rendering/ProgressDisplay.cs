using System.Globalization;
using Spectre.Console;

namespace Ferry.Cli.Rendering;

/// <summary>What a progress display needs to know about a running operation.</summary>
internal readonly record struct ProgressFrame(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, bool TotalsKnown)
{
    /// <summary>What the operation is doing now, when it has phases (shown instead of the title).</summary>
    public string? Label { get; init; }
}

/// <summary>
/// As the README promises: a live bar on a terminal (files, bytes, rate, ETA), a plain line every few seconds when
/// output goes to a file or pipe, nothing with --quiet. Polls the engine's counters; the engine
/// never waits for the display.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(150);

    public static async Task<T> RunAsync<T>(CliContext context, string title, Func<Task<T>> work, Func<ProgressFrame> read)
    {
        if (context.Quiet)
        {
            return await work().ConfigureAwait(false);
        }

        return context.Services.ErrorIsTerminal
            ? await RunBarAsync(context, title, work, read).ConfigureAwait(false)
            : await RunLinesAsync(context, title, work, read).ConfigureAwait(false);
    }

    private static async Task<T> RunBarAsync<T>(CliContext context, string title, Func<Task<T>> work, Func<ProgressFrame> read)
    {
        T result = default!;
        await context.Services.Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(title, autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                var running = work();
                while (!running.IsCompleted)
                {
                    Update(task, title, read());
                    await Task.WhenAny(running, Task.Delay(BarInterval, context.Services.Time)).ConfigureAwait(false);
                }

                result = await running.ConfigureAwait(false);
                var final = read();
                Update(task, title, final with { BytesTotal = final.BytesDone, TotalsKnown = true });
                task.StopTask();
            }).ConfigureAwait(false);
        return result;
    }

    private static void Update(ProgressTask task, string title, ProgressFrame frame)
    {
        title = frame.Label ?? title;
        var files = frame.TotalsKnown ? $"{Sizes.Count(frame.FilesDone)}/{Sizes.Count(frame.FilesTotal)}" : Sizes.Count(frame.FilesDone);
        var bytes = frame.TotalsKnown ? $"{Sizes.Bytes(frame.BytesDone)}/{Sizes.Bytes(frame.BytesTotal)}" : Sizes.Bytes(frame.BytesDone);
        task.Description = Markup.Escape($"{title} {files} files {bytes}");
        if (frame.TotalsKnown)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(1, Math.Max(frame.BytesTotal, frame.BytesDone));
        }

        task.Value = frame.BytesDone;
    }

    private static async Task<T> RunLinesAsync<T>(CliContext context, string title, Func<Task<T>> work, Func<ProgressFrame> read)
    {
        var time = context.Services.Time;
        var started = time.GetTimestamp();
        var running = work();
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(PlainInterval, time)).ConfigureAwait(false);
            if (!running.IsCompleted)
            {
                context.Services.Err.WriteLine(Line(title, read(), time.GetElapsedTime(started)));
            }
        }

        return await running.ConfigureAwait(false);
    }

    private static string Line(string title, ProgressFrame frame, TimeSpan elapsed)
    {
        title = frame.Label ?? title;
        var rate = elapsed.TotalSeconds > 0 ? frame.BytesDone / elapsed.TotalSeconds : 0;
        var text = $"{title}: {Sizes.Count(frame.FilesDone)} files, {Sizes.Bytes(frame.BytesDone)}";
        if (frame.TotalsKnown && frame.BytesTotal > 0)
        {
            var percent = Math.Min(100, 100.0 * frame.BytesDone / frame.BytesTotal);
            var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, frame.BytesTotal - frame.BytesDone) / rate) : TimeSpan.Zero;
            text = string.Create(CultureInfo.InvariantCulture,
                $"{title}: {Sizes.Count(frame.FilesDone)}/{Sizes.Count(frame.FilesTotal)} files, {Sizes.Bytes(frame.BytesDone)}/{Sizes.Bytes(frame.BytesTotal)} ({percent:0}%), {Sizes.Bytes((long)rate)}/s, ETA {Sizes.Duration(eta)}");
        }

        return text;
    }
}
