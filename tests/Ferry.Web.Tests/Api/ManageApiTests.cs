using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Web.Tests.Api;

/// <summary>The page's API end to end on a local repository: back up, list, restore, delete.</summary>
public sealed class ManageApiTests : IAsyncLifetime
{
    private PageServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await PageServer.StartAsync(local: true);
        _client = await _server.SignedInAsync();
        SampleTree.Write(_server.Sub("App"));
        var saved = await _client.PostAsJsonAsync("/api/settings", new { sourceFolder = _server.Sub("App"), password = "test password", host = "laptop" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Backup_now_then_the_list_shows_it_restore_gives_the_same_files_and_delete_removes_it()
    {
        var start = await _client.PostAsync("/api/backup", null);
        var status = await PageServer.WaitIdleAsync(_client);
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/snapshots");

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("succeeded", status.GetProperty("finished").GetProperty("outcome").GetString());
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("laptop", item.GetProperty("host").GetString());
        Assert.Equal(1, list.GetProperty("chart").GetArrayLength());
        Assert.Equal(status.GetProperty("schedule").GetProperty("lastSnapshotId").GetString(), item.GetProperty("id").GetString());

        var id = item.GetProperty("id").GetString()!;
        var restore = await _client.PostAsJsonAsync("/api/restore", new { id, mode = "folder", target = _server.Sub("restored") });
        var restored = await PageServer.WaitIdleAsync(_client);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal("succeeded", restored.GetProperty("operation").GetProperty("state").GetString());
        TreeAssert.Identical(_server.Sub("App"), _server.Sub("restored"));

        var delete = await _client.PostAsJsonAsync("/api/snapshots/delete", new { ids = new[] { id } });
        await PageServer.WaitIdleAsync(_client);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Restore_replacing_the_configured_folder_keeps_a_safety_backup_of_what_it_held()
    {
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        var id = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0].GetProperty("id").GetString();
        var backedUp = TreeAssert.Describe(_server.Sub("App"));
        await File.WriteAllTextAsync(Path.Combine(_server.Sub("App"), "written-after.txt"), "today");

        var restore = await _client.PostAsJsonAsync("/api/restore", new { id, mode = "replace" });
        var done = await PageServer.WaitIdleAsync(_client);

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal("succeeded", done.GetProperty("operation").GetProperty("state").GetString());
        Assert.Contains("safety backup", done.GetProperty("operation").GetProperty("message").GetString());
        Assert.Equal(backedUp, TreeAssert.Describe(_server.Sub("App")));
        var items = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public async Task Restore_into_the_folder_of_a_running_app_is_refused_and_the_folder_left_as_it_is()
    {
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        var id = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0].GetProperty("id").GetString();
        // Chromium's lock: a link naming a live process of this computer (this test's), as a running Cherry Studio leaves it.
        File.CreateSymbolicLink(Path.Combine(_server.Sub("App"), "SingletonLock"), $"{Environment.MachineName}-{Environment.ProcessId}");
        await File.WriteAllTextAsync(Path.Combine(_server.Sub("App"), "written-after.txt"), "today");
        var before = TreeAssert.Describe(_server.Sub("App"));

        var response = await _client.PostAsJsonAsync("/api/restore", new { id, mode = "replace" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("seems to be running and using", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, TreeAssert.Describe(_server.Sub("App")));
        Assert.Equal(1, (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Maximum_backups_keeps_only_the_newest()
    {
        var saved = await _client.PostAsJsonAsync("/api/settings", new { sourceFolder = _server.Sub("App"), password = "test password", host = "laptop", maxBackups = 1 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(_server.Sub("App"), "round.txt"), $"{i}");
            await _client.PostAsync("/api/backup", null);
            await PageServer.WaitIdleAsync(_client);
        }

        Assert.Equal(1, (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Maximum_backups_then_maintenance_removes_the_old_data_and_the_sync_status_and_storage_say_so()
    {
        var saved = await _client.PostAsJsonAsync("/api/settings", new { sourceFolder = _server.Sub("App"), password = "test password", host = "laptop", maxBackups = 1 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        JsonElement status = default;
        for (var i = 0; i < 3; i++)
        {
            // Seeds apart from SampleTree's 1: Random(1)'s bytes are most of its photo.png, so such an
            // attachment would dedupe to a few chunks at its edges, whose size (the repository's keyed
            // chunker decides) fell below the clean-up threshold about one run in ten.
            await File.WriteAllBytesAsync(Path.Combine(_server.Sub("App"), "attachment.bin"), RandomBytes(2 << 20, seed: 100 + i));
            await _client.PostAsync("/api/backup", null);
            status = await PageServer.WaitIdleAsync(_client);
        }

        var storage = await _client.GetFromJsonAsync<JsonElement>("/api/storage");

        var snapshots = await _client.GetStringAsync("/api/snapshots");
        Assert.True(
            status.GetProperty("schedule").GetProperty("lastMaintenance").GetString()!.Contains("maintenance removed unused data", StringComparison.Ordinal),
            $"status {status}\nsnapshots {snapshots}\nstorage {storage}");
        Assert.False(status.GetProperty("schedule").GetProperty("maintenanceProblem").GetBoolean());
        var device = Assert.Single(storage.GetProperty("devices").EnumerateArray());
        Assert.Equal("laptop", device.GetProperty("host").GetString());
        Assert.True(storage.GetProperty("reclaimableBytes").GetInt64() < 1 << 20, storage.ToString());
        // Only what the one kept backup needs is stored (plus index and snapshot objects): not three attachments.
        Assert.True(storage.GetProperty("repositoryBytes").GetInt64() - device.GetProperty("bytes").GetInt64() < 64 << 10, storage.ToString());
        Assert.Equal("laptop", storage.GetProperty("maintenanceOwner").GetString());
    }

    [Fact]
    public async Task Delete_says_what_space_it_frees_and_that_maintenance_removed_it()
    {
        var message = await DeleteTheNewestOfTwoBackupsAsync(RandomBytes(2 << 20, seed: 7));

        Assert.Matches(@"^deleted backup [0-9a-f]{8}; this frees 2\.0 MiB: removed now by maintenance", message);
    }

    [Theory]
    [InlineData(false, null, @"^deleted backup [0-9a-f]{8}; this frees [0-9.]+ KiB once unused data is removed: automatic maintenance is off$")]
    [InlineData(true, 50, @"^deleted backup [0-9a-f]{8}; this frees [0-9.]+ KiB at the next maintenance, once unused data passes [0-9.]+ [KM]iB \(now [0-9.]+ KiB\)$")]
    public async Task Delete_says_when_space_is_freed_without_a_command_the_page_does_not_have(bool maintenance, int? threshold, string expected)
    {
        var config = new Ferry.Configuration.ConfigFile(_server.ConfigPath);
        config.Save(config.Load() with { Maintenance = maintenance, MaintenanceThreshold = threshold });

        var message = await DeleteTheNewestOfTwoBackupsAsync(RandomBytes(16 << 10, seed: 8));

        Assert.Matches(expected, message);
    }

    /// <summary>Backs up, adds an attachment only the next backup holds, backs up again, deletes that one: the delete's message.</summary>
    private async Task<string?> DeleteTheNewestOfTwoBackupsAsync(byte[] attachment)
    {
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        await File.WriteAllBytesAsync(Path.Combine(_server.Sub("App"), "attachment.bin"), attachment);
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        var newest = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0].GetProperty("id").GetString();

        await _client.PostAsJsonAsync("/api/snapshots/delete", new { ids = new[] { newest } });
        var done = await PageServer.WaitIdleAsync(_client);
        return done.GetProperty("operation").GetProperty("message").GetString();
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Restore_into_a_non_empty_folder_is_refused_before_it_starts()
    {
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        var id = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0].GetProperty("id").GetString();

        var response = await _client.PostAsJsonAsync("/api/restore", new { id, mode = "folder", target = _server.Sub("App") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an empty folder", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_restore_target_that_cannot_be_created_fails_with_its_path_not_as_a_bug()
    {
        await _client.PostAsync("/api/backup", null);
        await PageServer.WaitIdleAsync(_client);
        var id = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0].GetProperty("id").GetString();
        var file = _server.Sub("a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var response = await _client.PostAsJsonAsync("/api/restore", new { id, mode = "folder", target = Path.Combine(file, "restored") });
        var done = await PageServer.WaitIdleAsync(_client);

        // The restore starts, then fails where it cannot make the folder: the page shows the path, not a bug report.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failed", done.GetProperty("operation").GetProperty("state").GetString());
        var message = done.GetProperty("operation").GetProperty("error").GetString() ?? "";
        Assert.Contains("a-file", message, StringComparison.Ordinal);
        Assert.DoesNotContain("report", message, StringComparison.Ordinal);
        Assert.True(File.Exists(file), "the file in the way was left as it was");
    }

    [Fact]
    public async Task Pages_and_the_device_filter_split_the_list()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.PostAsync("/api/backup", null);
            await PageServer.WaitIdleAsync(_client);
        }

        var first = await _client.GetFromJsonAsync<JsonElement>("/api/snapshots?pageSize=2&page=1");
        var second = await _client.GetFromJsonAsync<JsonElement>("/api/snapshots?pageSize=2&page=2");
        var other = await _client.GetFromJsonAsync<JsonElement>("/api/snapshots?host=desktop");

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(["laptop"], first.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }
}
