using Ferry.Cli;
using Ferry.Cli.Rendering;

// Before the console's writers are first used: they take the encoding in force then.
using var encoding = ConsoleEncoding.UseUtf8();
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

var code = await FerryCommandLine.RunAsync(args, CliServices.FromProcess(), cancel.Token);
if (Environment.GetEnvironmentVariable("FERRY_DEBUG_MEMORY") == "1")
{
    MemoryReport.Write(Console.Error);
}

return code;
