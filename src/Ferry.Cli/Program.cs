using System.Runtime.InteropServices;
using Ferry.Cli;
using Ferry.Cli.Rendering;

// Before the console's writers are first used: they take the encoding in force then.
using var encoding = ConsoleEncoding.UseUtf8();
using var cancel = new CancellationTokenSource();
// The first Ctrl+C (SIGINT) or SIGTERM (`kill`, a service manager, Windows shutting down) stops cleanly: no
// snapshot is written for an unfinished backup, a replace puts the old folder back. A second one: the
// default, immediate exit. The command line's own handling of these signals is off (FerryCommandLine).
using var interrupt = StopCleanlyOnFirst(PosixSignal.SIGINT, cancel);
using var terminate = StopCleanlyOnFirst(PosixSignal.SIGTERM, cancel);

var code = await FerryCommandLine.RunAsync(args, CliServices.FromProcess(), cancel.Token);
if (Environment.GetEnvironmentVariable("FERRY_DEBUG_MEMORY") == "1")
{
    MemoryReport.Write(Console.Error);
}

return code;

static PosixSignalRegistration StopCleanlyOnFirst(PosixSignal signal, CancellationTokenSource cancel) =>
    PosixSignalRegistration.Create(signal, context =>
    {
        if (!cancel.IsCancellationRequested)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    });
