using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ferry.Backup;
using Ferry.Repository;
using Ferry.Storage;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Repository;

/// <summary>
/// The cached key file and config: a device opens a repository it knows without asking the bucket
/// for its keys, and never writes with a key the bucket's repository does not have.
/// </summary>
public sealed class AccessCacheTests : IDisposable
{
    private const string Password = "test password";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly MemoryObjectStore _bucket = new();

    private string Cache => _temp.Sub("cache");

    [Fact]
    public async Task A_known_repository_opens_without_listing_its_keys()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var created = await FerryRepository.InitAsync(_bucket, Password, "a", TimeProvider.System, None);
        created.UseCache(Cache);

        var recording = new RecordingStore(_bucket);
        var reopened = await FerryRepository.OpenAsync(recording, Password, TimeProvider.System, Cache, None);
        var result = await new BackupRunner(reopened, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);

        Assert.Equal(created.Id, reopened.Id);
        Assert.Equal(result.SnapshotId, (await reopened.FindSnapshotAsync("latest", null, None)).Id);
        // config and the cached key file are read back to confirm them, at once; keys/ is never listed.
        Assert.Contains("get config", recording.Calls);
        Assert.Single(recording.Calls, c => c.StartsWith("get keys/", StringComparison.Ordinal));
        Assert.DoesNotContain("list keys/", recording.Calls);
    }

    [Fact]
    public async Task A_repository_replaced_at_the_same_place_is_refused_once_without_writing_with_the_old_key()
    {
        var source = _temp.Sub("App");
        SampleTree.Write(source);
        var old = await FerryRepository.InitAsync(_bucket, Password, "a", TimeProvider.System, None);
        old.UseCache(Cache);
        await new BackupRunner(old, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);
        // The bucket is emptied and a new repository made in the same place, with the same password.
        await foreach (var o in _bucket.ListAsync("", None))
        {
            await _bucket.DeleteAsync(o.Key, None);
        }

        var replacement = await FerryRepository.InitAsync(_bucket, Password, "b", TimeProvider.System, None);
        var before = await KeysAsync();

        var stale = await FerryRepository.OpenAsync(_bucket, Password, TimeProvider.System, Cache, None);
        var refused = await Assert.ThrowsAsync<RepositoryChangedException>(() => new BackupRunner(stale, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None));
        var after = await KeysAsync();
        var again = await FerryRepository.OpenAsync(_bucket, Password, TimeProvider.System, Cache, None);
        var backup = await new BackupRunner(again, new BackupOptions { Paths = [source], Host = "a" }).RunAsync(None);

        Assert.Contains("run the command again", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(replacement.Id, again.Id);
        Assert.Equal(backup.SnapshotId, (await again.FindSnapshotAsync("latest", null, None)).Id);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_even_with_a_cached_key()
    {
        var created = await FerryRepository.InitAsync(_bucket, Password, "a", TimeProvider.System, None);
        created.UseCache(Cache);

        await Assert.ThrowsAsync<WrongPasswordException>(() => FerryRepository.OpenAsync(_bucket, "not the password", TimeProvider.System, Cache, None));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<List<string>> KeysAsync()
    {
        var keys = new List<string>();
        await foreach (var o in _bucket.ListAsync("", None))
        {
            keys.Add(o.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Records each call as "get KEY", "list PREFIX", ...</summary>
    private sealed class RecordingStore(IObjectStore inner) : IObjectStore
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public IReadOnlyCollection<string> Calls => _calls;

        public string Location => inner.Location;

        public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) => Record($"get {key}", inner.GetAsync(key, cancellationToken));

        public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) => Record($"get-range {key}", inner.GetRangeAsync(key, offset, length, cancellationToken));

        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => Record($"stat {key}", inner.StatAsync(key, cancellationToken));

        public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => Record($"put {key}", inner.PutAsync(key, data, cancellationToken));

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Record($"delete {key}", inner.DeleteAsync(key, cancellationToken));

        public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _calls.Enqueue($"list {prefix}");
            await foreach (var o in inner.ListAsync(prefix, cancellationToken))
            {
                yield return o;
            }
        }

        private T Record<T>(string call, T task)
        {
            _calls.Enqueue(call);
            return task;
        }
    }
}
