using Ferry.Storage;
using Ferry.Storage.Memory;

namespace Ferry.Tests.Storage;

public sealed class StoreProbeTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MemoryObjectStore _memory = new();

    [Fact]
    public async Task A_working_store_passes_every_step_and_keeps_nothing()
    {
        var report = await StoreProbe.RunAsync(_memory, None);

        Assert.True(report.Ok);
        Assert.Equal([StoreProbe.Connect, StoreProbe.Write, StoreProbe.Read, StoreProbe.List, StoreProbe.Delete], report.Steps.Select(s => s.Name));
        Assert.Null(report.Failure);
        Assert.Equal(0, _memory.Count);
        Assert.Equal("memory: ok", report.ToString());
    }

    [Fact]
    public async Task Wrong_credentials_stop_the_probe_at_the_first_step_with_the_fix()
    {
        var faulty = new FaultyObjectStore(_memory)
            .Fail(StoreCall.List, () => new StorageException("the provider does not know access key id 'X': check Access Key ID", StorageErrorKind.UnknownAccessKey));

        var report = await StoreProbe.RunAsync(faulty, None);

        Assert.False(report.Ok);
        var failed = Assert.Single(report.Steps);
        Assert.Equal(StoreProbe.Connect, failed.Name);
        Assert.Equal(StorageErrorKind.UnknownAccessKey, failed.Kind);
        Assert.Equal("connect and authenticate failed: the provider does not know access key id 'X': check Access Key ID", report.ToString());
        Assert.Equal(0, faulty.CallsTo(StoreCall.Put));
    }

    [Fact]
    public async Task A_key_that_may_not_write_fails_the_write_step()
    {
        var faulty = new FaultyObjectStore(_memory).Fail(StoreCall.Put, () => new StorageException("may not write objects", StorageErrorKind.AccessDenied));

        var report = await StoreProbe.RunAsync(faulty, None);

        Assert.Equal(StoreProbe.Write, report.Failure!.Name);
        Assert.Equal(StorageErrorKind.AccessDenied, report.Failure.Kind);
        Assert.Equal([true, false], report.Steps.Select(s => s.Ok));
    }

    [Fact]
    public async Task A_provider_that_changes_uploads_fails_the_read_step_and_the_probe_is_cleaned_up()
    {
        var faulty = new FaultyObjectStore(_memory) { ChangeReads = data => data[..^1] };

        var report = await StoreProbe.RunAsync(faulty, None);

        Assert.Equal(StoreProbe.Read, report.Failure!.Name);
        Assert.Contains("differ", report.Failure.Error, StringComparison.Ordinal);
        Assert.Equal(0, _memory.Count);
    }

    [Fact]
    public async Task A_listing_that_misses_the_probe_fails_the_list_step()
    {
        var faulty = new FaultyObjectStore(_memory).Drop(StoreCall.List);

        var report = await StoreProbe.RunAsync(faulty, None);

        Assert.Equal(StoreProbe.List, report.Failure!.Name);
        Assert.Contains("allow the key to list", report.Failure.Error, StringComparison.Ordinal);
        Assert.Equal(0, _memory.Count);
    }

    [Fact]
    public async Task A_delete_that_does_nothing_fails_the_delete_step()
    {
        var faulty = new FaultyObjectStore(_memory).Drop(StoreCall.Delete, times: 1);

        var report = await StoreProbe.RunAsync(faulty, None);

        Assert.Equal(StoreProbe.Delete, report.Failure!.Name);
        Assert.Contains("allow the key to delete", report.Failure.Error, StringComparison.Ordinal);
        Assert.Equal(5, report.Steps.Count);
    }

    [Fact]
    public async Task The_probe_object_lives_under_the_probe_prefix()
    {
        var faulty = new FaultyObjectStore(_memory).Drop(StoreCall.Delete);

        await StoreProbe.RunAsync(faulty, None);

        var left = new List<ObjectInfo>();
        await foreach (var o in _memory.ListAsync("", None))
        {
            left.Add(o);
        }

        Assert.StartsWith(StoreProbe.Prefix, Assert.Single(left).Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_probe_cancels_it_rather_than_reporting_a_failure()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreProbe.RunAsync(_memory, cts.Token));
    }
}
