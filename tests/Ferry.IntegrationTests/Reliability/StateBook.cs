using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Processes;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// Every tree a test has backed up or restored, by fingerprint. A backup is tagged with its
/// source's fingerprint, so any snapshot can later be restored and compared with exactly what it
/// held; a snapshot Ferry took by itself (the pre-restore safety snapshot) must equal some tree
/// that really existed.
/// </summary>
internal sealed class StateBook
{
    private const string TagPrefix = "state-";
    private readonly Dictionary<string, Dictionary<string, string>> _states = new(StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="folder"/> as it is now; returns its tag.</summary>
    public string Record(string folder)
    {
        var state = TreeAssert.Describe(folder);
        var fingerprint = Fingerprint(state);
        _states[fingerprint] = state;
        return TagPrefix + fingerprint;
    }

    public Dictionary<string, string> StateOf(string tag) => _states[tag[TagPrefix.Length..]];

    public static bool Matches(string folder, string tag) => Fingerprint(TreeAssert.Describe(folder)) == tag[TagPrefix.Length..];

    /// <summary>
    /// Restores every snapshot in the repository with the real executable into <paramref name="scratch"/>
    /// and compares it byte for byte; returns how many were verified.
    /// </summary>
    public async Task<int> VerifyEverySnapshotAsync(Device device, string scratch)
    {
        var snapshots = await ListAsync(device);
        foreach (var snapshot in snapshots)
        {
            var to = Path.Combine(scratch, snapshot.Id[..8]);
            var restore = await device.RunAsync("restore", snapshot.Id, "--to", to, "--quiet");
            Assert.True(restore.ExitCode == 0, $"snapshot {snapshot.Id[..8]} does not restore: {restore}");
            var fingerprint = Fingerprint(TreeAssert.Describe(to));
            Assert.True(_states.ContainsKey(fingerprint), $"snapshot {snapshot.Id[..8]} restores a tree that never existed");
            if (snapshot.Tags.FirstOrDefault(t => t.StartsWith(TagPrefix, StringComparison.Ordinal)) is { } tag)
            {
                Assert.True(tag[TagPrefix.Length..] == fingerprint, $"snapshot {snapshot.Id[..8]} ({tag}) restores another tree");
            }

            Ferry.Restore.StagingArea.DeleteTree(to);
        }

        return snapshots.Count;
    }

    public static async Task<List<SnapshotRow>> ListAsync(Device device)
    {
        var list = await device.RunAsync("list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        return [.. JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(s => new SnapshotRow(
            s.GetProperty("id").GetString()!,
            [.. s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)]))];
    }

    private static string Fingerprint(Dictionary<string, string> state)
    {
        var text = string.Join('\n', state.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}

internal sealed record SnapshotRow(string Id, IReadOnlyList<string> Tags);
