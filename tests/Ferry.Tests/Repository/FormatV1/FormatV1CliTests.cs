using System.Globalization;
using System.Text.Json;
using Ferry.Testing.Cli;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// The committed format v1 repository, read through the ferry command line (in process), as a user
/// who upgraded Ferry would: list, ls, restore and check must show what the repository recorded.
/// </summary>
public sealed class FormatV1CliTests : IDisposable
{
    private readonly FormatV1Fixture _fixture = new();
    private readonly CliHarness _cli = new();

    public FormatV1CliTests()
    {
        _cli.Environment["FERRY_REPOSITORY"] = _fixture.Repository;
        _cli.Environment["FERRY_PASSWORD"] = FormatV1Fixture.Password;
    }

    private static FormatV1Manifest Manifest => FormatV1Fixture.Manifest;

    public static TheoryData<string> SnapshotIds() => FormatV1RepositoryTests.SnapshotIds();

    [Fact]
    public async Task List_json_shows_every_snapshot_as_recorded()
    {
        var list = await _cli.RunAsync("list", "--json");

        Assert.Equal(0, list.ExitCode);
        var listed = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
        var recorded = Manifest.Snapshots.OrderByDescending(s => s.Time).ToList();
        Assert.Equal(recorded.Select(s => s.Id), listed.Select(s => s.GetProperty("id").GetString()));
        foreach (var (want, got) in recorded.Zip(listed))
        {
            Assert.Equal(want.ShortId, got.GetProperty("short_id").GetString());
            Assert.Equal(want.Time, got.GetProperty("time").GetDateTimeOffset());
            Assert.Equal(want.Host, got.GetProperty("host").GetString());
            Assert.Equal(want.Os, got.GetProperty("os").GetString());
            Assert.Equal(want.User, got.GetProperty("user").GetString());
            Assert.Equal(want.Paths, Strings(got.GetProperty("paths")));
            Assert.Equal(want.Tags, Strings(got.GetProperty("tags")));
            Assert.Equal(want.Summary.Files, got.GetProperty("files").GetInt64());
            Assert.Equal(want.Summary.Bytes, got.GetProperty("bytes").GetInt64());
            Assert.Equal(want.Summary.AddedBytes, got.GetProperty("added").GetInt64());
            Assert.Equal(want.Parent, got.GetProperty("parent").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(SnapshotIds))]
    public async Task Ls_json_shows_each_entry_as_recorded(string id)
    {
        var ls = await _cli.RunAsync("ls", id[..8], "--json");

        Assert.Equal(0, ls.ExitCode);
        var listed = JsonDocument.Parse(ls.Stdout).RootElement.EnumerateArray().Select(Entry).OrderBy(e => e.Path, StringComparer.Ordinal);
        FormatV1Assert.SameEntries(Manifest.Snapshot(id).Entries.Select(e => e with { Sha256 = null, Chunks = null }), listed);
    }

    [Theory]
    [MemberData(nameof(SnapshotIds))]
    public async Task Restore_writes_each_snapshot_byte_identical_with_its_modes_times_and_links(string id)
    {
        var target = _fixture.Sub("restored");

        var restore = await _cli.RunAsync("restore", id[..8], "--to", target);

        Assert.Equal(0, restore.ExitCode);
        FormatV1Assert.Holds(Manifest.Snapshot(id).Entries, target);
    }

    [Fact]
    public async Task Check_read_data_reads_every_pack_and_finds_no_problems()
    {
        var check = await _cli.RunAsync("check", "--read-data");

        Assert.Equal(0, check.ExitCode);
        Assert.Contains($"checked {Manifest.Snapshots.Count} snapshots, {Manifest.Packs} packs, read {Manifest.Packs} packs", check.Stdout);
        Assert.Contains("no problems found", check.Stdout);
    }

    [Fact]
    public async Task A_wrong_password_is_one_clear_line_and_exit_1()
    {
        _cli.Environment["FERRY_PASSWORD"] = "not the fixture password";

        var list = await _cli.RunAsync("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("wrong password", list.Stderr);
        Assert.Single(list.Stderr.Trim().Split('\n'), l => l.StartsWith("ferry:", StringComparison.Ordinal));
    }

    /// <summary>An <c>ls --json</c> entry in the manifest's terms: links carry no mode or time, only files a size.</summary>
    private static EntryRecord Entry(JsonElement e)
    {
        var type = e.GetProperty("type").GetString()!;
        if (type == "symlink")
        {
            return new EntryRecord(e.GetProperty("path").GetString()!, type, null, null, null, null, null, e.GetProperty("target").GetString());
        }

        var mtime = DateTime.Parse(e.GetProperty("mtime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new EntryRecord(
            e.GetProperty("path").GetString()!,
            type,
            e.GetProperty("mode").GetString(),
            (mtime - DateTime.UnixEpoch).Ticks * 100,
            type == "file" ? e.GetProperty("size").GetInt64() : null,
            null,
            null,
            null);
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetString()!)];

    public void Dispose()
    {
        _cli.Dispose();
        _fixture.Dispose();
    }
}
