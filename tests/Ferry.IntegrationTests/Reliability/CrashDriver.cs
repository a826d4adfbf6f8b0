using System.Diagnostics;
using Ferry.Restore;
using Ferry.Testing.Processes;
using Ferry.Testing.Reliability;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>One operation to kill: how to set up round i, and what must hold after the kill and after the next run.</summary>
internal sealed record CrashOperation(string Name)
{
    /// <summary>Prepares round i (0 is the calibration round, never killed) and returns the command line.</summary>
    public required Func<int, Task<string[]>> Prepare { get; init; }

    /// <summary>Checks the operation's own invariant right after a kill; returns the outcome's name (counted).</summary>
    public Func<Task<string>> AfterKill { get; init; } = () => Task.FromResult("killed");

    /// <summary>Checks the run after the kill (or the calibration run).</summary>
    public required Func<ProcessRun, Task> AfterRun { get; init; }

    /// <summary>Tidies up for the next round, once every snapshot was restored and compared (never before: it may delete evidence).</summary>
    public Func<Task> Tidy { get; init; } = () => Task.CompletedTask;
}

/// <summary>
/// Kills the real <c>ferry</c> with SIGKILL at a random moment of an operation, then proves the
/// repository whole: <c>check --read-data</c> passes, no multipart upload is left open, the next
/// run of the same command succeeds, after it no lock and no unindexed pack is left, and every
/// snapshot restores to exactly the tree it was taken of.
/// </summary>
internal sealed class CrashDriver(Device device, RepositoryInspector inspector, StateBook book, string scratch)
{
    private readonly Random _random = new(ReliabilityRun.Seed);

    public async Task<CrashFigures> RunAsync(CrashOperation operation, int kills)
    {
        var total = Stopwatch.StartNew();
        var calibration = Stopwatch.StartNew();
        var first = await device.RunAsync(await operation.Prepare(0));
        calibration.Stop();
        await operation.AfterRun(first);
        await AssertCleanAsync();
        var calibrated = await book.VerifyEverySnapshotAsync(device, scratch);
        await operation.Tidy();

        var figures = new CrashFigures(operation.Name, kills, calibration.Elapsed.TotalSeconds) { Verified = calibrated };
        var durations = new List<double> { calibration.Elapsed.TotalSeconds };
        for (var round = 1; round <= kills; round++)
        {
            var args = await operation.Prepare(round);
            // How long the command takes drifts with the machine's load: aim at the median of the whole
            // runs seen so far, and reach past it so the last moments (the swap, the snapshot write) are
            // hit too. A kill that comes after the exit is counted as such.
            var typical = durations.Order().ElementAt(durations.Count / 2);
            var delay = TimeSpan.FromSeconds(_random.NextDouble() * typical * 1.3);
            figures.Count(await KillAsync(args, delay) ? "killed while running" : "had finished before the kill");
            figures.Count(await operation.AfterKill());

            var check = await device.RunAsync("check", "--read-data");
            Assert.True(check.ExitCode == 0, $"{operation.Name} round {round}: check --read-data after the kill failed: {check}");
            Assert.Equal(0, await inspector.OpenMultipartUploadsAsync());

            var rerun = Stopwatch.StartNew();
            var again = await device.RunAsync(args);
            durations.Add(rerun.Elapsed.TotalSeconds);
            await operation.AfterRun(again);
            await AssertCleanAsync();
            figures.Verified += await book.VerifyEverySnapshotAsync(device, scratch);
            await operation.Tidy();
        }

        figures.Seconds = total.Elapsed.TotalSeconds;
        return figures;
    }

    /// <summary>Starts the command and SIGKILLs it after <paramref name="delay"/>; false when it had already exited.</summary>
    private async Task<bool> KillAsync(string[] args, TimeSpan delay)
    {
        using var process = FerryProcess.Start(device.Environment, args);
        process.StandardInput.Close();
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(delay)) == exited)
        {
            await drain;
            return false;
        }

        process.Kill();
        await exited;
        await drain;
        return true;
    }

    /// <summary>After a successful run: no lock left behind, no pack outside the index, no restore leftovers in the scratch area.</summary>
    private async Task AssertCleanAsync()
    {
        Assert.True((await inspector.KeysAsync("locks/")).Count == 0, await inspector.DescribeLocksAsync());
        Assert.Empty(await inspector.UnindexedPacksAsync());
        if (Directory.Exists(scratch))
        {
            StagingArea.DeleteTree(scratch);
        }
    }
}

/// <summary>What one operation's kill series did, for docs/RELIABILITY.md.</summary>
internal sealed class CrashFigures(string operation, int kills, double calibrationSeconds)
{
    public string Operation { get; } = operation;

    public int Kills { get; } = kills;

    public double CalibrationSeconds { get; } = Math.Round(calibrationSeconds, 2);

    public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public int Verified { get; set; }

    public double Seconds { get; set; }

    public void Count(string outcome) => Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
}
