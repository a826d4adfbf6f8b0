using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// Opens the page in the default browser without putting the token on a command line, where every
/// user's ps would show it: the browser gets a 0600 file that redirects to the address (as Jupyter
/// does), and the file is removed when <c>ferry ui</c> stops.
/// </summary>
internal sealed class BrowserLauncher : IDisposable
{
    private readonly string _file;

    private BrowserLauncher(string file)
    {
        _file = file;
    }

    public static BrowserLauncher? TryOpen(Uri address, CliServices services)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ferry-ui-{Guid.NewGuid():N}.html");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var target = WebUtility.HtmlEncode(address.ToString());
            using (var writer = new StreamWriter(new FileStream(file, options)))
            {
                writer.Write($"<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={target}\"><title>Ferry</title><a href=\"{target}\">Open Ferry</a>");
            }

            using var process = Process.Start(new ProcessStartInfo(file) { UseShellExecute = true });
            return new BrowserLauncher(file);
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            File.Delete(file);
            services.Err.MarkupLine("[grey]no browser could be opened here: open the address above yourself[/]");
            return null;
        }
    }

    public void Dispose() => File.Delete(_file);
}
