using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ferry.Platform;
using Ferry.Testing;
using Ferry.Testing.Cli;
using Ferry.Testing.Reliability;

namespace Ferry.Tests.Reliability;

/// <summary>
/// Source folders no app should have but some do (names that are not UTF-8: SameSystemNamesTests), paths longer than the
/// system's limit, special files (a device that never ends, a FIFO nobody writes, a socket), files
/// that vanish while the backup runs, empty and sparse files. A backup never hangs or crashes on
/// them: it stores what it can, names what it cannot (exit 3), and the snapshot restores exactly.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileSourceTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string Source => _cli.Sub("App");

    [Fact]
    public async Task A_path_longer_than_the_system_allows_is_a_clear_per_file_problem()
    {
        SampleTree.Write(Source);
        // 20 folders of 250 characters: 5,000 bytes, past Linux's PATH_MAX of 4,096.
        Python($"import os\nos.chdir('{Source}')\nfor i in range(20):\n    os.mkdir('d' * 250)\n    os.chdir('d' * 250)\nopen('deep.txt', 'w').write('deep')");

        try
        {
            var backup = await BackUpAsync();

            Assert.Equal(3, backup.ExitCode);
            Assert.Contains("File name too long", backup.Stderr);
            await AssertRestoresEverythingElseAsync();
        }
        finally
        {
            // .NET cannot delete what it cannot name; rm walks down with relative paths.
            Run("rm", "-rf", Path.Combine(Source, new string('d', 250)));
        }
    }

    [Fact]
    public async Task Special_files_are_skipped_without_hanging()
    {
        SampleTree.Write(Source);
        Run("mkfifo", Path.Combine(Source, "pipe"));
        Run("mknod", Path.Combine(Source, "zero"), "c", "1", "5");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(Source, "app.sock")));

        var backup = await BackUpAsync();

        Assert.Equal(3, backup.ExitCode);
        Assert.Equal(3, backup.Stderr.Split('\n').Count(l => l.Contains("skipped: not a regular file", StringComparison.Ordinal)));
        await AssertRestoresEverythingElseAsync();
    }

    [Fact]
    public async Task Files_that_vanish_and_appear_during_the_backup_never_fail_it()
    {
        SampleTree.Write(Source);
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                File.WriteAllBytes(Path.Combine(Source, "Data", $"tmp-{i}.bin"), RandomNumberGenerator.GetBytes(64 * 1024));
                if (i >= 3)
                {
                    File.Delete(Path.Combine(Source, "Data", $"tmp-{i - 3}.bin"));
                }
            }
        });

        var backup = await _cli.RunAsync("backup", Source);
        await stop.CancelAsync();
        await churn;

        Assert.True(backup.ExitCode is 0 or 3, backup.Stderr);
        Assert.DoesNotContain("   at ", backup.Stderr);
        var restored = _cli.Sub("restored");
        Assert.Equal(0, (await _cli.RunAsync("restore", "latest", "--to", restored)).ExitCode);
        foreach (var file in Directory.GetFiles(Path.Combine(restored, "Data"), "tmp-*.bin"))
        {
            // Each churned file is either whole or absent: 64 KiB of what was written at once.
            Assert.Equal(64 * 1024, new FileInfo(file).Length);
        }
    }

    [Fact]
    public async Task A_sparse_file_and_empty_files_back_up_and_restore_exactly()
    {
        // 256 MiB in CI; tools/reliability/sparse.sh measures 10 GiB with the real executable.
        const long size = 256L << 20;
        Directory.CreateDirectory(Source);
        File.WriteAllBytes(Path.Combine(Source, "empty"), []);
        using (var sparse = File.OpenHandle(Path.Combine(Source, "sparse.img"), FileMode.Create, FileAccess.Write))
        {
            RandomAccess.SetLength(sparse, size);
            RandomAccess.Write(sparse, "end"u8, size - 3);
        }

        var clock = Stopwatch.StartNew();
        var backup = await BackUpAsync();
        var seconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(0, backup.ExitCode);
        var repository = Directory.GetFiles(_cli.Environment["FERRY_REPOSITORY"], "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(repository < 1024 * 1024, $"{size} bytes of zeros took {repository} bytes of repository");
        await AssertRestoresEverythingElseAsync();
        ReliabilityRun.Report("sparse", new { mib = size >> 20, backup_seconds = Math.Round(seconds, 1), repository_bytes = repository });
    }

    /// <summary>A backup that stored everything it could: exit 0, or 3 with each unreadable entry named.</summary>
    private async Task<CliRun> BackUpAsync()
    {
        var backup = await _cli.RunAsync("backup", Source);
        Assert.True(backup.ExitCode is 0 or 3, $"exit {backup.ExitCode}: {backup.Stderr}");
        Assert.DoesNotContain("   at ", backup.Stderr);
        return backup;
    }

    /// <summary>Every regular file whose name and path the system can handle comes back byte for byte.</summary>
    private async Task AssertRestoresEverythingElseAsync()
    {
        var restored = _cli.Sub("restored");
        var restore = await _cli.RunAsync("restore", "latest", "--to", restored);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        foreach (var file in ReachableFiles(Source))
        {
            if (!file.Contains('\uFFFD', StringComparison.Ordinal) && FileStatus.Of(file).Kind == EntryKind.File)
            {
                var copy = Path.Combine(restored, Path.GetRelativePath(Source, file));
                Assert.True(File.Exists(copy), $"{copy} was not restored");
                Assert.Equal(Hash(file), Hash(copy));
            }
        }
    }

    /// <summary>Files below <paramref name="folder"/> whose full path the system can open (shorter than PATH_MAX).</summary>
    private static IEnumerable<string> ReachableFiles(string folder) =>
        Directory.EnumerateFiles(folder).Concat(Directory.EnumerateDirectories(folder)
            .Where(d => d.Length + 256 < 4096 && FileStatus.Of(d).Kind == EntryKind.Directory)
            .SelectMany(ReachableFiles));

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static void Python(string code) => Run("python3", "-c", code);

    private static void Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} failed: {error}");
    }

    public void Dispose() => _cli.Dispose();
}
