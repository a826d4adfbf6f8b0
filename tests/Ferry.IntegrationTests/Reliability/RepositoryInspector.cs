using Amazon.S3.Model;
using Ferry.Repository;
using Ferry.Repository.Index;
using Ferry.Repository.Packs;
using Ferry.Storage.S3;
using Ferry.Testing.Servers;

namespace Ferry.IntegrationTests.Reliability;

/// <summary>
/// Looks at a repository on the server directly, behind the executable's back, for what no command
/// shows: leftover locks, packs no index names, unfinished multipart uploads.
/// </summary>
internal sealed class RepositoryInspector(S3ServerFixture server, S3Settings bucket, string password)
{
    private readonly S3ObjectStore _store = server.Open(bucket);

    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var o in _store.ListAsync(prefix, CancellationToken.None))
        {
            keys.Add(o.Key);
        }

        return keys;
    }

    /// <summary>Packs stored under data/ that no index object lists: leftovers of an interrupted run.</summary>
    public async Task<List<string>> UnindexedPacksAsync()
    {
        var repository = await FerryRepository.OpenAsync(_store, password, TimeProvider.System, CancellationToken.None);
        var indexed = (await IndexLoader.ReadAllAsync(repository, 4, CancellationToken.None)).Packs.Keys.Select(PackNames.KeyOf).ToHashSet(StringComparer.Ordinal);
        return [.. (await KeysAsync(PackNames.Prefix)).Where(k => !indexed.Contains(k))];
    }

    public async Task<string> DescribeLocksAsync()
    {
        var repository = await FerryRepository.OpenAsync(_store, password, TimeProvider.System, CancellationToken.None);
        var lines = new List<string>();
        await foreach (var o in _store.ListAsync("locks/", CancellationToken.None))
        {
            var info = await Ferry.Repository.Locks.RepositoryLock.TryReadAsync(repository, o.Key, CancellationToken.None);
            lines.Add($"{o.Key} {o.LastModified:O} {info?.Describe()} instance {info?.Instance} marker {File.Exists(Path.Combine(Path.GetTempPath(), $"ferry-run-{info?.Instance}.lock"))}");
        }

        return string.Join("\n", lines);
    }

    /// <summary>Multipart uploads begun and never finished or aborted under the repository's root.</summary>
    public async Task<int> OpenMultipartUploadsAsync()
    {
        using var admin = S3ServerFixture.AdminClient(bucket.Endpoint, bucket.AccessKeyId, bucket.SecretAccessKey);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket.Bucket, Prefix = bucket.RootPrefix });
        return uploads.MultipartUploads?.Count ?? 0;
    }
}
