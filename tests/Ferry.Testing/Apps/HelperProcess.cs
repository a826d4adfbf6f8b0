using System.Diagnostics;

namespace Ferry.Testing.Apps;

/// <summary>Another process for a test (an app holding its locks), killed when disposed.</summary>
public sealed class HelperProcess : IDisposable
{
    private readonly Process _process;

    private HelperProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts the program and waits for its first line on standard output: "ready" once it holds what the test needs.</summary>
    public static async Task<HelperProcess> StartAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var helper = new HelperProcess(Process.Start(start)!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await helper._process.StandardOutput.ReadLineAsync(timeout.Token);
        return helper;
    }

    /// <summary>A python3 process that holds an fcntl write lock on <paramref name="path"/>, as LevelDB does on its LOCK file.</summary>
    public static Task<HelperProcess> HoldLockAsync(string path) =>
        StartAsync("python3", "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('ready', flush=True)\ntime.sleep(120)", path);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
