using Ferry.Testing;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// Keeps the fixture's generator working with the current code. With FERRY_WRITE_FORMAT_V1_FIXTURE
/// set to a folder that holds no repository yet, it writes a new fixture there (sources under
/// /tmp/ferry-format-v1, so the snapshots record stable paths); that is how the committed one was made.
/// </summary>
public sealed class FormatV1GeneratorTests
{
    [Fact]
    public async Task The_generator_makes_a_repository_whose_snapshots_restore_as_its_manifest_says()
    {
        using var temp = new TempFolder();
        var (sources, output) = Folders(temp);

        var manifest = await FormatV1Generator.GenerateAsync(sources, output, CancellationToken.None);

        using var copy = new FormatV1Fixture(output);
        var repository = await copy.OpenAsync();
        Assert.Equal(3, manifest.Snapshots.Count);
        Assert.Contains(manifest.Snapshots.SelectMany(s => s.Entries), e => e.Chunks >= 3);
        foreach (var snapshot in manifest.Snapshots)
        {
            await FormatV1Assert.RestoresAsRecordedAsync(repository, snapshot, copy.Sub($"restored-{snapshot.ShortId}"));
        }
    }

    private static (string Sources, string Output) Folders(TempFolder temp)
    {
        var output = Environment.GetEnvironmentVariable("FERRY_WRITE_FORMAT_V1_FIXTURE");
        if (string.IsNullOrEmpty(output))
        {
            return (temp.Sub("sources"), temp.Sub("fixture"));
        }

        Assert.False(Directory.Exists(Path.Combine(output, "repository")), $"{output} already holds a fixture: the committed one is never replaced");
        var sources = Path.Combine(Path.GetTempPath(), "ferry-format-v1");
        if (Directory.Exists(sources))
        {
            Directory.Delete(sources, recursive: true);
        }

        return (sources, output);
    }
}
