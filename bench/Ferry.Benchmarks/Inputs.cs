using System.Security.Cryptography;
using System.Text;

namespace Ferry.Benchmarks;

/// <summary>Benchmark inputs: random bytes (incompressible) and chat-log text (compressible, like app data).</summary>
internal static class Inputs
{
    /// <summary>FastCDC's average chunk: the size most blobs have.</summary>
    public const int Chunk = 256 * 1024;

    private static readonly string[] Words =
        "the model answer prompt token context provider assistant user message chat knowledge base vector embedding file note backup restore bucket region endpoint system reply code json markdown".Split(' ');

    public static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    public static byte[] Text(int length)
    {
        var random = new Random(42);
        var text = new StringBuilder(length + 256);
        while (text.Length < length)
        {
            text.Append("{\"id\":\"").Append(random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"content\":\"");
            for (var i = random.Next(6, 18); i > 0; i--)
            {
                text.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            text.Append("\"}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
