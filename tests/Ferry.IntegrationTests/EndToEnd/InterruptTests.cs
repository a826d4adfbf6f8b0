using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ferry.Storage.S3;
using Ferry.Testing.Processes;

namespace Ferry.IntegrationTests.EndToEnd;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM while a command waits on the bucket: the real executable stops within
/// seconds with one line that says it was interrupted, exit 1, not a bug report.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    // Resets SIGINT to its default before ferry starts: a shell running the suite in the background
    // leaves it ignored, and an ignored signal is inherited.
    private const string WithDefaultSignals = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    private readonly Device _device = new("laptop-a");

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_while_waiting_on_the_bucket_stops_with_one_line_saying_so(string signal)
    {
        // A server that accepts connections and never answers: ferry waits on it until it is stopped.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            _device.UseS3(new S3Settings { Endpoint = $"http://127.0.0.1:{port}", Region = "us-east-1", Bucket = "silent", AccessKeyId = "id", SecretAccessKey = "the test's secret key" });
            using var list = FerryProcess.StartWithin(["python3", "-c", WithDefaultSignals], _device.Environment, "list");
            list.StandardInput.Close();
            var stderr = list.StandardError.ReadToEndAsync();
            _ = list.StandardOutput.ReadToEndAsync();
            using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            using (await silent.AcceptTcpClientAsync(waiting.Token))
            {
                Send(signal, list.Id);
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await list.WaitForExitAsync(stopping.Token);
            }

            var message = (await stderr).Trim();
            Assert.True(list.ExitCode == 1, $"exit {list.ExitCode}: {message}");
            Assert.StartsWith("ferry: interrupted", message, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected", message, StringComparison.Ordinal);
            Assert.DoesNotContain("report", message, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
        }
    }

    private static void Send(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose() => _device.Dispose();
}
