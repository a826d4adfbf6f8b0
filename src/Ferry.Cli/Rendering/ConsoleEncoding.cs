using System.Text;

namespace Ferry.Cli.Rendering;

/// <summary>
/// UTF-8 on the Windows console, in and out, so file names print as they are (the console's own code
/// page, 437 or 1252, turns every other character into '?') and piped input such as a password
/// arrives as sent. The code pages the console had come back at exit: cmd.exe keeps them for the
/// programs that run after Ferry. Other systems are UTF-8 already.
/// </summary>
internal sealed class ConsoleEncoding : IDisposable
{
    private readonly Encoding? _output;
    private readonly Encoding? _input;

    private ConsoleEncoding(Encoding? output, Encoding? input)
    {
        _output = output;
        _input = input;
    }

    public static ConsoleEncoding UseUtf8()
    {
        if (!OperatingSystem.IsWindows())
        {
            return new ConsoleEncoding(null, null);
        }

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return new ConsoleEncoding(Swap(() => Console.OutputEncoding, e => Console.OutputEncoding = e, utf8), Swap(() => Console.InputEncoding, e => Console.InputEncoding = e, utf8));
    }

    public void Dispose()
    {
        if (_output is not null)
        {
            Swap(() => Console.OutputEncoding, e => Console.OutputEncoding = e, _output);
        }

        if (_input is not null)
        {
            Swap(() => Console.InputEncoding, e => Console.InputEncoding = e, _input);
        }
    }

    /// <summary>Sets an encoding and returns the one it replaced; null when it cannot be set (no console at all).</summary>
    private static Encoding? Swap(Func<Encoding> get, Action<Encoding> set, Encoding encoding)
    {
        try
        {
            var previous = get();
            set(encoding);
            return previous;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
