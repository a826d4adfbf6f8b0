using System.Text.Json;
using Ferry.Testing;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Reliability;

/// <summary>
/// An index object lost or damaged (by the provider, a sync tool, a lifecycle rule): the packs it
/// listed are intact and describe themselves, so nothing may be lost because of it.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class LostIndexTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Prune_after_an_index_object_is_lost_keeps_every_pack_a_snapshot_needs()
    {
        var (source, firstIndex) = await TwoBackupsWhereTheSecondRewritesEveryFolderAsync();
        var first = Ids()[^1];
        Assert.Equal(0, (await _cli.RunAsync("delete", first)).ExitCode);
        File.Delete(Path.Combine(Repository, firstIndex));

        var prune = await _cli.RunAsync("prune");
        var restore = await _cli.RunAsync("restore", "latest", "--to", _cli.Sub("restored"));

        Assert.True(restore.ExitCode == 0, $"prune: {prune.ExitCode} {prune.Stdout}{prune.Stderr}\nrestore: {restore.Stderr}");
        TreeAssert.Identical(source, _cli.Sub("restored"));
        Assert.Equal(0, (await _cli.RunAsync("check", "--read-data")).ExitCode);
    }

    [Fact]
    public async Task Prune_refuses_to_delete_anything_while_data_a_snapshot_needs_is_missing()
    {
        var (_, _) = await TwoBackupsWhereTheSecondRewritesEveryFolderAsync();
        var packs = Keys("data");
        var largest = packs.MaxBy(k => new FileInfo(Path.Combine(Repository, k)).Length)!;
        File.Delete(Path.Combine(Repository, largest));

        var prune = await _cli.RunAsync("prune");

        Assert.Equal(1, prune.ExitCode);
        Assert.Contains("not pruning", prune.Stderr);
        Assert.Equal(packs.Count - 1, Keys("data").Count);
    }

    private string Repository => _cli.Environment["FERRY_REPOSITORY"];

    /// <summary>The second backup writes new trees for every folder, so the first backup's index then only matters for file data.</summary>
    private async Task<(string Source, string FirstIndex)> TwoBackupsWhereTheSecondRewritesEveryFolderAsync()
    {
        var source = _cli.Sub("App");
        SampleTree.Write(source);
        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        var firstIndex = Keys("index").Single();
        foreach (var folder in Directory.GetDirectories(source, "*", SearchOption.AllDirectories).Append(source))
        {
            File.WriteAllText(Path.Combine(folder, "touched.txt"), folder);
        }

        Assert.Equal(0, (await _cli.RunAsync("backup", source)).ExitCode);
        return (source, firstIndex);
    }

    private List<string> Keys(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Repository, folder), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository, f).Replace('\\', '/'))];

    private List<string> Ids()
    {
        var list = _cli.RunAsync("list", "--json").GetAwaiter().GetResult();
        return [.. JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    public void Dispose() => _cli.Dispose();
}
