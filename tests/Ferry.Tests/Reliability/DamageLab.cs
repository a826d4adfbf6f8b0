using System.Security.Cryptography;
using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>A local repository with two snapshots, and the means to damage any of its objects as a provider or another client might.</summary>
internal sealed class DamageLab(CliHarness cli)
{
    private HashSet<string> _first = [];
    private HashSet<string> _second = [];

    public string Source => cli.Sub("App");

    public string Repository => cli.Environment["FERRY_REPOSITORY"];

    public async Task BackUpTwiceAsync()
    {
        SampleTree.Write(Source);
        Assert.Equal(0, (await cli.RunAsync("backup", Source)).ExitCode);
        _first = Keys();
        var added = new byte[300_000];
        new Random(5).NextBytes(added);
        File.WriteAllBytes(Path.Combine(Source, "Data", "added.bin"), added);
        Assert.Equal(0, (await cli.RunAsync("backup", Source)).ExitCode);
        _second = Keys();
        _second.ExceptWith(_first);
    }

    /// <summary>Damages the first backup's object of that kind; returns its key.</summary>
    public async Task<string> DamageAsync(string kind, string damage)
    {
        var victim = Pick(_first, kind);
        var path = Path.Combine(Repository, victim);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "flip":
                bytes[bytes.Length / 2] ^= 0x20;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "delete":
                File.Delete(path);
                break;
            default:
                File.WriteAllBytes(path, await ReplacementAsync(kind));
                break;
        }

        return victim;
    }

    /// <summary>Every file the restore wrote is exactly the source's; a restore that says it succeeded restored everything.</summary>
    public void AssertNothingWrong(string target, CliRun restore)
    {
        if (!Directory.Exists(target))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(target, "*", SearchOption.AllDirectories))
        {
            var original = Path.Combine(Source, Path.GetRelativePath(target, file));
            if (new FileInfo(file).LinkTarget is null && File.Exists(original))
            {
                Assert.True(SHA256.HashData(File.ReadAllBytes(original)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(file))), $"{file} was restored wrong");
            }
        }

        if (restore.ExitCode == 0)
        {
            TreeAssert.Identical(Source, target);
        }
        else
        {
            Assert.NotEmpty(restore.Stderr.Trim());
        }
    }

    private async Task<byte[]> ReplacementAsync(string kind)
    {
        if (kind is "config" or "key")
        {
            // The same object from another repository with the same password: valid, but not this one's.
            using var other = new CliHarness();
            Assert.Equal(0, (await other.RunAsync("init")).ExitCode);
            var otherRepo = other.Environment["FERRY_REPOSITORY"];
            var key = kind == "config" ? "config" : Directory.GetFiles(Path.Combine(otherRepo, "keys"))[0];
            return File.ReadAllBytes(Path.Combine(otherRepo, key));
        }

        return File.ReadAllBytes(Path.Combine(Repository, Pick(_second, kind)));
    }

    private string Pick(HashSet<string> keys, string kind)
    {
        List<string> Under(string prefix) => [.. keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => new FileInfo(Path.Combine(Repository, k)).Length)];
        return kind switch
        {
            "config" => "config",
            "key" => Under("keys/")[0],
            "data pack" => Under("data/")[^1],
            "tree pack" => Under("data/")[0],
            "index" => Under("index/")[0],
            "snapshot" => Under("snapshots/")[0],
            _ => throw new ArgumentException(kind, nameof(kind)),
        };
    }

    private HashSet<string> Keys() =>
        [.. Directory.GetFiles(Repository, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository, f).Replace('\\', '/'))];
}
