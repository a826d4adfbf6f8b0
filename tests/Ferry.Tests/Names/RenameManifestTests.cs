using Ferry.Backup;
using Ferry.Names;
using Ferry.Repository;
using Ferry.Repository.Snapshots;
using Ferry.Storage.Memory;
using Ferry.Testing;

namespace Ferry.Tests.Names;

/// <summary>A backup of a folder a restore wrote with renames stores the snapshot's names again, and never the list itself.</summary>
public sealed class RenameManifestTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();

    private string Source => _temp.Sub("App");

    [Fact]
    public async Task Renamed_entries_are_backed_up_under_their_snapshot_names_and_the_list_is_not_stored()
    {
        Write("Readme~ferry", "README", "what%3F~ferry.txt", "d%3F~ferry/inner.txt", "sub/file~ferry.txt", "sub/File.txt");
        Manifest(Source, ("Readme", "Readme~ferry"), ("what?.txt", "what%3F~ferry.txt"), ("d?", "d%3F~ferry"), ("sub/file.txt", "sub/file~ferry.txt"));
        var repository = await RepositoryAsync();

        var first = await BackUpAsync(repository);
        var second = await BackUpAsync(repository);

        Assert.Equal(["README", "Readme", "d?", "d?/inner.txt", "sub", "sub/File.txt", "sub/file.txt", "what?.txt"], await PathsAsync(repository, first));
        Assert.Equal(first.Snapshot.Tree, second.Snapshot.Tree);
        Assert.Equal(first.Snapshot.Summary.Files, second.Snapshot.Summary.UnchangedFiles);
    }

    [Fact]
    public async Task A_list_found_in_a_folder_below_applies_to_that_folder()
    {
        Write("restored/CON~ferry.txt", "other/CON~ferry.txt");
        Manifest(Path.Combine(Source, "restored"), ("CON.txt", "CON~ferry.txt"));
        var repository = await RepositoryAsync();

        var backup = await BackUpAsync(repository);

        Assert.Equal(["other", "other/CON~ferry.txt", "restored", "restored/CON.txt"], await PathsAsync(repository, backup));
    }

    [Fact]
    public async Task A_list_that_would_name_two_entries_alike_leaves_that_folder_as_it_is()
    {
        Write("a~ferry", "b");
        Manifest(Source, ("b", "a~ferry"));
        var repository = await RepositoryAsync();

        var backup = await BackUpAsync(repository);

        Assert.Equal(["a~ferry", "b"], await PathsAsync(repository, backup));
    }

    [Fact]
    public async Task A_file_of_that_name_that_is_not_a_list_of_renames_is_an_ordinary_file()
    {
        Write("a~ferry");
        await System.IO.File.WriteAllTextAsync(Path.Combine(Source, RenameManifest.FileName), "my own notes, not JSON");
        var repository = await RepositoryAsync();

        var backup = await BackUpAsync(repository);

        Assert.Equal([RenameManifest.FileName, "a~ferry"], await PathsAsync(repository, backup));
    }

    public void Dispose() => _temp.Dispose();

    private void Write(params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(Source, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, file);
        }
    }

    private static void Manifest(string folder, params (string Original, string OnDisk)[] renames) =>
        System.IO.File.WriteAllBytes(Path.Combine(folder, RenameManifest.FileName), RenameManifest.Write(renames.Select(r => new NameRename(r.Original, r.OnDisk))));

    private static Task<FerryRepository> RepositoryAsync() => FerryRepository.InitAsync(new MemoryObjectStore(), "test password", "h", TimeProvider.System, None);

    private Task<BackupResult> BackUpAsync(FerryRepository repository) => new BackupRunner(repository, new BackupOptions { Paths = [Source], Host = "h" }).RunAsync(None);

    private static async Task<List<string>> PathsAsync(FerryRepository repository, BackupResult backup)
    {
        var paths = new List<string>();
        await foreach (var (path, _) in SnapshotBrowser.WalkAsync(repository, backup.Snapshot, null, None))
        {
            paths.Add(path);
        }

        return [.. paths.Order(StringComparer.Ordinal)];
    }
}
