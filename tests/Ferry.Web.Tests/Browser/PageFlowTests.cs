using Ferry.Testing;
using Ferry.Testing.Apps;
using Ferry.Testing.Names;
using Ferry.Testing.Servers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ferry.Web.Tests.Browser;

/// <summary>
/// What a person does in the page, in a real browser against Ceph RGW: fill the settings, test the
/// connection, back up, find the backup in Manage, restore it elsewhere, delete it.
/// </summary>
public sealed class PageFlowTests(CephFixture ceph, ChromiumFixture chromium) : IClassFixture<CephFixture>, IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions SlowContains = new() { Timeout = 60_000 };

    [Fact]
    public async Task Fill_the_settings_test_back_up_see_it_in_Manage_restore_it_elsewhere_and_delete_it()
    {
        await using var server = await PageServer.StartAsync();
        var source = Path.Combine(server.Home, ".config", "CherryStudio");
        SampleTree.Write(source);
        var page = await chromium.OpenAsync(server);

        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, "");
        await page.SelectOptionAsync("#app", new SelectOptionValue { Label = "Cherry Studio" });
        await page.ClickAsync("#save");
        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#secretAccessKey")).ToHaveValueAsync("");
        await Expect(page.Locator("#secretAccessKey")).ToHaveAttributeAsync("placeholder", new System.Text.RegularExpressions.Regex("saved"));

        await page.ClickAsync("#test");
        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Connection works.", Slow);
        await Expect(page.Locator("#test-steps li.ok")).ToHaveCountAsync(6);

        await page.ClickAsync("#backup-now");
        await Expect(page.Locator("#backup-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Backup [0-9a-f]{8} stored\\.$"), Slow);
        await Expect(page.Locator("#chart svg rect.bar-size")).ToHaveCountAsync(1);
        await Expect(page.Locator("#last-backup")).Not.ToHaveTextAsync("never");
        await Screenshots.TakeAsync(page, "settings");

        await page.ClickAsync("#tab-manage");
        var row = page.Locator("#snapshots tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("laptop-a");
        await Expect(row).ToContainTextAsync("linux");
        await Expect(row).ToContainTextAsync("Cherry Studio");
        await Expect(page.Locator("#storage")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Bucket: [0-9.]+ [KM]iB\. Devices: \S+ [0-9.]+ [KM]iB"), SlowContains);
        await Screenshots.TakeAsync(page, "manage");

        var target = server.Sub("restored/CherryStudio");
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(page.Locator("#restore-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#restore-dialog")).ToContainTextAsync("safety snapshot");
        await page.FillAsync("#restore-target", target);
        await Screenshots.TakeAsync(page, "restore-dialog");
        await page.ClickAsync("#restore-confirm");
        await Expect(page.Locator("#operation-text")).ToContainTextAsync("every byte verified", SlowContains);
        TreeAssert.Identical(source, target);

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("#delete-dialog")).ToBeVisibleAsync();
        await page.ClickAsync("#delete-confirm");
        await Expect(page.Locator("#snapshots tbody tr")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(page.Locator("#empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#operation-text")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"this frees [0-9.]+ [KM]iB: removed now by maintenance"), SlowContains);
    }

    [Fact]
    public async Task Restore_over_the_backed_up_folder_takes_a_safety_snapshot_first_and_swaps_in_the_backup()
    {
        await using var server = await PageServer.StartAsync();
        var source = server.Sub("CherryStudio");
        SampleTree.Write(source);
        var backedUp = TreeAssert.Describe(source);
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, source);
        await page.ClickAsync("#save");
        await page.ClickAsync("#backup-now");
        await Expect(page.Locator("#backup-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("stored\\.$"), Slow);
        await File.WriteAllTextAsync(Path.Combine(source, "written-after-the-backup.txt"), "today's work");

        await page.ClickAsync("#tab-manage");
        var restore = page.Locator("#snapshots tbody tr").GetByRole(AriaRole.Button, new() { Name = "Restore" });
        await Expect(page.Locator("#refresh")).ToBeEnabledAsync();
        await Expect(page.Locator("#storage")).ToContainTextAsync("Bucket:", SlowContains);
        // The list reloads between the button's press and its release, as when Manage opens just
        // after a backup: the click must still open the dialog.
        var box = await restore.BoundingBoxAsync() ?? throw new InvalidOperationException("the Restore button has no box");
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.EvaluateAsync("() => loadSnapshots()");
        await page.Mouse.UpAsync();
        await Expect(page.Locator("#restore-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#mode-replace")).ToBeEnabledAsync();
        await page.CheckAsync("#mode-replace");
        await page.ClickAsync("#restore-confirm");

        await Expect(page.Locator("#operation-text")).ToContainTextAsync("safety backup", SlowContains);
        Assert.Equal(backedUp, TreeAssert.Describe(source));
        await Expect(page.Locator("#snapshots tbody tr")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
    }

    [FuseFact]
    public async Task A_restore_onto_a_disk_that_cannot_hold_some_names_lists_them_and_restores_with_safe_names_on_request()
    {
        await using var server = await PageServer.StartAsync();
        var source = server.Sub("App");
        string[] names = ["normal.txt", "Readme", "README", "what?.txt", "CON.txt"];
        OddNamesTree.Write(source, names);
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, source);
        await page.ClickAsync("#save");
        await page.ClickAsync("#backup-now");
        await Expect(page.Locator("#backup-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("stored\\.$"), Slow);
        using var usbStick = FuseVolume.ExFat(server.Sub("exfat"));
        var target = Path.Combine(usbStick.Root, "App");

        await page.ClickAsync("#tab-manage");
        await page.Locator("#snapshots tbody tr").GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await page.FillAsync("#restore-target", target);
        await page.ClickAsync("#restore-confirm");

        // exFAT ignores case and refuses '?': both are named, nothing is written, renaming is offered.
        await Expect(page.Locator("#operation-text")).ToContainTextAsync("nothing was written", SlowContains);
        await Expect(page.Locator("#operation-names li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#operation-names")).ToContainTextAsync("Readme: differs from README only by case");
        await Expect(page.Locator("#operation-names")).ToContainTextAsync("what?.txt: holds '?'");
        Assert.Empty(Directory.GetFileSystemEntries(usbStick.Root));
        await Screenshots.TakeAsync(page, "restore-names-refused");

        await page.ClickAsync("#operation-rename");

        await Expect(page.Locator("#operation-text")).ToContainTextAsync("2 entries got other names", SlowContains);
        await Expect(page.Locator("#operation-names li")).ToHaveTextAsync(["Readme → Readme~ferry", "what?.txt → what%3F~ferry.txt"]);
        await Expect(page.Locator("#operation-rename")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(page, "restore-names-renamed");
        var restored = OddNamesTree.Describe(target).Where(e => e.Key != Convert.ToHexString(".ferry-renames.json"u8)).Select(e => e.Value);
        Assert.Equal(OddNamesTree.Expected(names).Values.Order(StringComparer.Ordinal), restored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Automatic_backups_run_once_turned_on_and_Manage_filters_by_device_and_deletes_a_selection()
    {
        await using var server = await PageServer.StartAsync();
        var source = server.Sub("Notes");
        SampleTree.Write(source);
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, source);

        await page.SelectOptionAsync("#autoBackupMinutes", "60");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#last-backup")).ToContainTextAsync("less than a minute ago", SlowContains);
        await Expect(page.Locator("#next-backup")).ToContainTextAsync("in 60 min", SlowContains);
        await Expect(page.Locator("#last-error")).ToHaveTextAsync("none");

        await page.SelectOptionAsync("#autoBackupMinutes", "0");
        await page.FillAsync("#host", "desktop-b");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#next-backup")).ToHaveTextAsync("off");
        await page.ClickAsync("#backup-now");
        await Expect(page.Locator("#backup-message")).ToContainTextAsync("stored", SlowContains);

        await page.ClickAsync("#tab-manage");
        var rows = page.Locator("#snapshots tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#host-filter", "laptop-a");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("laptop-a");
        await page.SelectOptionAsync("#host-filter", "");
        await Expect(rows).ToHaveCountAsync(2);

        await page.CheckAsync("#select-all");
        await Expect(page.Locator("#delete-selected")).ToHaveTextAsync("Delete selected (2)");
        await page.ClickAsync("#delete-selected");
        await Expect(page.Locator("#delete-title")).ToHaveTextAsync("Delete 2 backups?");
        await page.ClickAsync("#delete-confirm");
        await Expect(rows).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Choosing_Cherry_Studio_fills_in_its_data_folder_and_the_choice_is_kept_after_a_reload()
    {
        await using var server = await PageServer.StartAsync();
        var cherry = Path.Combine(server.Home, ".config", "CherryStudio");
        CherryFolder.Write(cherry);
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, "");

        await page.SelectOptionAsync("#app", new SelectOptionValue { Label = "Cherry Studio" });
        await Expect(page.Locator("#sourceFolder")).ToHaveValueAsync(cherry);
        await Expect(page.Locator("#app-hint")).ToContainTextAsync("Lightweight backup also skips Service Worker, Partitions/*/Service Worker, File System, WebStorage, Data/Files");
        await page.CheckAsync("#lite");
        await Screenshots.TakeAsync(page, "app-choice");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Saved.");

        await page.ReloadAsync();
        await Expect(page.Locator("#app")).ToHaveValueAsync("cherry-studio");
        await Expect(page.Locator("#sourceFolder")).ToHaveValueAsync(cherry);
        await Expect(page.Locator("#lite")).ToBeCheckedAsync();
        await Expect(page.Locator("#app-hint")).ToContainTextAsync($"Cherry Studio keeps its data in {cherry}.");
    }

    [Fact]
    public async Task Test_connection_with_a_wrong_secret_names_the_failing_step()
    {
        await using var server = await PageServer.StartAsync();
        var page = await chromium.OpenAsync(server);

        await FillSettingsAsync(page, "wrong-secret-key-0123456789", server.Sub("nothing"));
        await page.ClickAsync("#test");

        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Connection failed: see the step marked ✗.", Slow);
        var failed = page.Locator("#test-steps li.bad");
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("connect and authenticate failed");
        await Expect(failed.Locator(".why")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#test-steps")).Not.ToContainTextAsync("wrong-secret-key-0123456789");
        await Screenshots.TakeAsync(page, "connection-failed");
    }

    [Fact]
    public async Task A_bucket_inside_the_endpoint_is_marked_with_the_servers_message_and_nothing_is_saved_or_sent_to_the_bucket()
    {
        await using var server = await PageServer.StartAsync();
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, "");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.FillAsync("#endpoint", $"https://{ceph.Settings.Bucket}.s3.us-west-1.amazonaws.com");
        await page.ClickAsync("#save");

        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Not saved: fix the field marked in red.");
        await Expect(page.Locator(".error[data-for=endpoint]")).ToContainTextAsync("repeats the bucket name");
        await Expect(page.Locator(".error[data-for=endpoint]")).ToContainTextAsync("https://s3.us-west-1.amazonaws.com");
        await Expect(page.Locator("#endpoint")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));
        Assert.All(requests, url => Assert.StartsWith(server.Origin, url, StringComparison.Ordinal));
        Assert.False(File.Exists(server.ConfigPath));

        await page.ClickAsync("#test");
        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Not tested: fix the field marked in red.");
        await Expect(page.Locator(".error[data-for=endpoint]")).ToContainTextAsync("repeats the bucket name");
        await Expect(page.Locator("#test-steps")).ToBeHiddenAsync();
        Assert.All(requests, url => Assert.StartsWith(server.Origin, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bad_field_is_marked_at_once_with_the_servers_message_and_a_fixed_one_loses_its_mark()
    {
        await using var server = await PageServer.StartAsync();
        var page = await chromium.OpenAsync(server);
        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, "relative/folder");
        await page.FillAsync("#bucket", "my bucket");
        await page.FillAsync("#root", "a/../b");

        await page.ClickAsync("#save");

        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Not saved: fix the fields marked in red.");
        await Expect(page.Locator(".error[data-for=bucket]")).ToHaveTextAsync("Bucket 'my bucket' contains spaces: bucket names have none; check for a stray space");
        await Expect(page.Locator(".error[data-for=root]")).ToHaveTextAsync("Root Path 'a/../b' has an empty, '.' or '..' part: use plain folder names such as backups/laptop");
        await Expect(page.Locator(".error[data-for=sourceFolder]")).ToHaveTextAsync("Folder to back up 'relative/folder' is not a full path: give it from the root, e.g. /home/you/.config/App");
        await Expect(page.Locator("input.invalid")).ToHaveCountAsync(3);
        await Screenshots.TakeAsync(page, "settings-refused");
        Assert.False(File.Exists(server.ConfigPath));

        await page.FillAsync("#bucket", ceph.Settings.Bucket);
        await Expect(page.Locator(".error[data-for=bucket]")).ToBeHiddenAsync();
        await Expect(page.Locator("input.invalid")).ToHaveCountAsync(2);

        // Fixed, with a short password: saved, and the server's hint says it could not make a new repository.
        await page.FillAsync("#root", "backups");
        await page.FillAsync("#sourceFolder", "");
        await page.FillAsync("#password", "short");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("input.invalid")).ToHaveCountAsync(0);
        await Expect(page.Locator("#password-hint")).ToContainTextAsync("too weak for a new repository: the password has 5 characters; a new repository needs at least 12");
    }

    [Fact]
    public async Task What_is_typed_before_the_saved_settings_arrive_is_neither_lost_nor_half_saved()
    {
        await using var server = await PageServer.StartAsync();
        var cherry = Path.Combine(server.Home, ".config", "CherryStudio");
        CherryFolder.Write(cherry);
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // A slow first answer, as on a busy laptop: the page is shown before its settings arrive.
        await page.RouteAsync("**/api/settings", async route =>
        {
            await Task.Delay(route.Request.Method == "GET" ? 1500 : 0);
            await route.ContinueAsync();
        });
        await page.GotoAsync(server.Host.SignInAddress.ToString());

        await FillSettingsAsync(page, ceph.Settings.SecretAccessKey, "");
        await page.SelectOptionAsync("#app", new SelectOptionValue { Label = "Cherry Studio" });
        await Expect(page.Locator("#location")).ToContainTextAsync("Backups go to");
        await Expect(page.Locator("#endpoint")).ToHaveValueAsync(ceph.Settings.Endpoint);
        await page.ClickAsync("#save");

        await Expect(page.Locator("#form-message")).ToHaveTextAsync("Saved.");
        var saved = server.Settings.Load();
        Assert.Equal((ceph.Settings.Endpoint, ceph.Settings.Bucket, "cherry-studio", cherry), (saved.Endpoint, saved.Bucket, saved.App, saved.SourceFolder));
    }

    private async Task FillSettingsAsync(IPage page, string secret, string source)
    {
        await page.FillAsync("#endpoint", ceph.Settings.Endpoint);
        await page.FillAsync("#region", "us-east-1");
        await page.FillAsync("#bucket", ceph.Settings.Bucket);
        await page.FillAsync("#accessKeyId", ceph.Settings.AccessKeyId);
        await page.FillAsync("#secretAccessKey", secret);
        await page.FillAsync("#root", $"/users/{S3ServerFixture.UniqueRoot()}/");
        await page.FillAsync("#password", "a long test passphrase");
        await page.FillAsync("#sourceFolder", source);
        await page.FillAsync("#host", "laptop-a");
    }
}
