using Ferry.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop cleanly (no snapshot is written for an unfinished backup). Second: the default, immediate exit.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

return await FerryCommandLine.RunAsync(args, CliServices.FromProcess(), cancel.Token);
