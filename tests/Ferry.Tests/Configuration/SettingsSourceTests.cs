using Ferry.Configuration;
using Ferry.Storage;
using Ferry.Testing;

namespace Ferry.Tests.Configuration;

/// <summary>The settings of a long-running process: one store while they stay the same, and every store disposed at the end.</summary>
public sealed class SettingsSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_store_replaced_by_a_settings_change_stays_usable_until_the_source_is_disposed_and_then_both_are_disposed()
    {
        var source = new SettingsSource(_temp.Sub("config.json"), new Dictionary<string, string>(), TimeProvider.System);
        source.File.Save(S3("first-bucket"));
        var first = source.OpenStore(source.Resolve());
        Assert.Same(first, source.OpenStore(source.Resolve()));

        source.File.Save(S3("second-bucket"));
        var second = source.OpenStore(source.Resolve());
        Assert.NotSame(first, second);
        // A running operation may still hold the first store: replacing it must not break it mid-way.
        await AssertUsableAsync(first);

        source.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.StatAsync("config", CancellationToken.None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => second.StatAsync("config", CancellationToken.None));
    }

    /// <summary>Usable: a request is attempted and fails only for the unreachable endpoint, not for a disposed client.</summary>
    private static async Task AssertUsableAsync(IObjectStore store)
    {
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var failure = await Record.ExceptionAsync(() => store.StatAsync("config", soon.Token));
        Assert.IsNotType<ObjectDisposedException>(failure);
    }

    private static SavedSettings S3(string bucket) => new()
    {
        // Nothing listens on port 9 (discard) of this machine: no request is answered.
        Endpoint = "http://127.0.0.1:9",
        Region = "us-east-1",
        Bucket = bucket,
        AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
        SecretAccessKey = "wJalrXUtnFEMI-K7MDENG-EXAMPLEKEY",
    };

    public void Dispose() => _temp.Dispose();
}
