namespace Ferry.Tests.Reliability;

/// <summary>
/// Seeded byte-level mutations of a valid input, the way a fuzzer makes them: flipped bits,
/// boundary values, 32-bit lengths and counts set to extremes, bytes inserted, removed, repeated,
/// and the input cut short. The same seed gives the same inputs.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'{', (byte)'[', (byte)'\\', (byte)'-'];
    private static readonly int[] Extremes = [0, -1, 1, int.MaxValue, int.MinValue, 0x7FFF_FFF0, 1 << 20, 65536];
    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        for (var n = _random.Next(1, 9); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 2 when bytes.Count >= 4:
                    var value = BitConverter.GetBytes(Extremes[_random.Next(Extremes.Length)]);
                    at = Math.Min(at, bytes.Count - 4);
                    for (var i = 0; i < 4; i++)
                    {
                        bytes[at + i] = value[i];
                    }

                    break;
                case 3:
                    var inserted = new byte[_random.Next(1, 64)];
                    _random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, _random.Next(1, 64)));
                    break;
                case 5 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, _random.Next(1, 256));
                    bytes.InsertRange(_random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 6 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.Add(Interesting[_random.Next(Interesting.Length)]);
                    break;
            }
        }

        return [.. bytes];
    }
}
