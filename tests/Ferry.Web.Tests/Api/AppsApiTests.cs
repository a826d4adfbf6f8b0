using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Configuration;
using Ferry.Testing;
using Ferry.Testing.Apps;

namespace Ferry.Web.Tests.Api;

/// <summary>The page's "App" choice: the presets, the saved choice, and backups that skip what the preset skips.</summary>
public sealed class AppsApiTests : IAsyncLifetime
{
    private PageServer _server = null!;
    private HttpClient _client = null!;

    private string CherryDataFolder => Path.Combine(_server.Home, ".config", "CherryStudio");

    public async Task InitializeAsync()
    {
        _server = await PageServer.StartAsync(local: true);
        _client = await _server.SignedInAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_presets_are_listed_with_their_data_folder_here_and_whether_it_exists()
    {
        Directory.CreateDirectory(CherryDataFolder);

        var apps = (await _client.GetFromJsonAsync<JsonElement>("/api/apps")).EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);

        Assert.Equal(["cherry-studio", "electron", "vscode"], apps.Keys);
        Assert.Equal("Cherry Studio", apps["cherry-studio"].GetProperty("displayName").GetString());
        Assert.NotEmpty(apps["cherry-studio"].GetProperty("description").GetString()!);
        Assert.Equal(CherryDataFolder, apps["cherry-studio"].GetProperty("dataFolder").GetString());
        Assert.True(apps["cherry-studio"].GetProperty("found").GetBoolean());
        Assert.Contains("Data/Files", apps["cherry-studio"].GetProperty("liteExcludes").EnumerateArray().Select(e => e.GetString()));
        Assert.False(apps["vscode"].GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, apps["electron"].GetProperty("dataFolder").ValueKind);
    }

    [Fact]
    public async Task The_chosen_app_is_saved_read_back_and_cleared_by_Other_folder()
    {
        Directory.CreateDirectory(CherryDataFolder);

        var saved = await _client.PostAsJsonAsync("/api/settings", new { app = "cherry-studio", sourceFolder = CherryDataFolder });
        var shown = await _client.GetFromJsonAsync<JsonElement>("/api/settings");
        var inFile = new ConfigFile(_server.ConfigPath).Load();
        var other = await _client.PostAsJsonAsync("/api/settings", new { app = "", sourceFolder = CherryDataFolder });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("cherry-studio", shown.GetProperty("app").GetString());
        Assert.Equal("cherry-studio", inFile.App);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("app").GetString());
        Assert.Null(new ConfigFile(_server.ConfigPath).Load().App);
    }

    [Theory]
    [InlineData("no-such-app", "app", "no app preset named 'no-such-app'; the App list shows them")]
    [InlineData("electron", "sourceFolder", "names no data folder")]
    [InlineData("cherry-studio", "sourceFolder", "does not exist")]
    public async Task An_app_that_cannot_be_backed_up_here_is_refused_next_to_its_field(string app, string field, string message)
    {
        var response = await _client.PostAsJsonAsync("/api/settings", new { app });

        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(message, error.GetProperty("error").GetString());
        Assert.DoesNotContain("'ferry ", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_server.ConfigPath));
    }

    [Fact]
    public async Task A_lightweight_backup_of_the_chosen_app_skips_its_caches_and_bulky_files()
    {
        CherryFolder.Write(CherryDataFolder);
        await SaveAsync(new { app = "cherry-studio", sourceFolder = "", lite = true, password = "test password" });

        var restored = await BackUpAndRestoreAsync();
        var listed = (await _client.GetFromJsonAsync<JsonElement>("/api/snapshots")).GetProperty("items")[0];

        Assert.Equal(Without(CherryDataFolder, [.. CherryFolder.Disposable, .. CherryFolder.Bulky]), TreeAssert.Describe(restored));
        Assert.Equal("Cherry Studio", listed.GetProperty("app").GetString());
    }

    [Fact]
    public async Task Without_an_app_a_folder_a_preset_knows_still_skips_its_caches_but_keeps_user_files()
    {
        var folder = _server.Sub("usb/CherryStudio");
        CherryFolder.Write(folder);
        await SaveAsync(new { sourceFolder = folder, lite = false, password = "test password" });

        var restored = await BackUpAndRestoreAsync();

        Assert.Equal(Without(folder, CherryFolder.Disposable), TreeAssert.Describe(restored));
        Assert.True(File.Exists(Path.Combine(restored, "Data", "Files", "photo.png")));
    }

    private async Task SaveAsync(object form)
    {
        var saved = await _client.PostAsJsonAsync("/api/settings", form);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    /// <summary>"Backup now", then the backup restored into a new folder, whose path is returned.</summary>
    private async Task<string> BackUpAndRestoreAsync()
    {
        await _client.PostAsync("/api/backup", null);
        var status = await PageServer.WaitIdleAsync(_client);
        Assert.Equal("succeeded", status.GetProperty("finished").GetProperty("outcome").GetString());
        var id = status.GetProperty("schedule").GetProperty("lastSnapshotId").GetString();
        var target = _server.Sub("restored");
        await _client.PostAsJsonAsync("/api/restore", new { id, mode = "folder", target });
        Assert.Equal("succeeded", (await PageServer.WaitIdleAsync(_client)).GetProperty("operation").GetProperty("state").GetString());
        return target;
    }

    /// <summary>The folder as a user compares it, without the entries at or below <paramref name="skipped"/>.</summary>
    private static Dictionary<string, string> Without(string folder, IEnumerable<string> skipped) =>
        TreeAssert.Describe(folder)
            .Where(e => !skipped.Any(s => e.Key == s || e.Key.StartsWith(s + "/", StringComparison.Ordinal)))
            .ToDictionary();
}
