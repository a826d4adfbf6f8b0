using System.Text.Json;
using Ferry.Configuration;
using Ferry.Repository;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Reliability;

/// <summary>
/// A device that holds the password can write any object the format allows, sealed with the right key.
/// It can destroy the repository's data; it must not make other devices act on their own disks.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileDeviceTests : IDisposable
{
    private const string Password = "a long enough test password";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _store = new();

    [Theory]
    [InlineData("../victim")]
    [InlineData("ABSOLUTE")]
    public async Task A_config_whose_id_is_a_path_is_refused_and_nothing_outside_the_cache_is_touched(string id)
    {
        var victim = _temp.Sub("victim");
        Directory.CreateDirectory(Path.Combine(victim, "snapshots"));
        File.WriteAllText(Path.Combine(victim, "snapshots", "the-user's-file.txt"), "precious");
        var repository = await FerryRepository.InitAsync(_store, Password, "a", TimeProvider.System, None);
        var config = JsonSerializer.Deserialize(await repository.Objects.LoadNamedAsync(FerryRepository.ConfigKey, 1024 * 1024, None), FormatJson.Default.RepositoryConfig)!;
        var hostile = new RepositoryConfig
        {
            Id = id == "ABSOLUTE" ? victim : id,
            ChunkerMin = config.ChunkerMin,
            ChunkerAvg = config.ChunkerAvg,
            ChunkerMax = config.ChunkerMax,
            ChunkerSeed = config.ChunkerSeed,
            PackSize = config.PackSize,
        };
        await repository.Objects.SaveNamedAsync(FerryRepository.ConfigKey, JsonSerializer.SerializeToUtf8Bytes(hostile, FormatJson.Default.RepositoryConfig), None);
        var environment = new Dictionary<string, string> { ["FERRY_CACHE_DIR"] = _temp.Sub("cache") };

        Exception? refused = null;
        try
        {
            var reopened = await FerryRepository.OpenAsync(_store, Password, TimeProvider.System, None);
            reopened.UseCache(RepositoryCache.Directory(environment)!);
            await reopened.ListSnapshotsAsync(None);
        }
        catch (CorruptDataException e)
        {
            refused = e;
        }

        Assert.True(File.Exists(Path.Combine(victim, "snapshots", "the-user's-file.txt")), "a folder outside the cache was emptied");
        Assert.Contains("invalid repository id", refused?.Message ?? "(opened without complaint)", StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
