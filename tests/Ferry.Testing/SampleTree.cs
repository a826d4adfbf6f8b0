namespace Ferry.Testing;

/// <summary>Builds small source folders with the shapes that matter: nested folders, empty ones, links, modes, big and empty files.</summary>
public static class SampleTree
{
    public static void Write(string root, int seed = 1)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "IndexedDB", "file__0.indexeddb.leveldb"));
        Directory.CreateDirectory(Path.Combine(root, "empty", "nested-empty"));
        Directory.CreateDirectory(Path.Combine(root, "Data", "Files"));
        File.WriteAllText(Path.Combine(root, "config.json"), "{\"apiKey\":\"sk-secret-value-123\",\"theme\":\"dark\"}");
        File.WriteAllBytes(Path.Combine(root, "empty-file"), []);
        var text = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"message {i} from the assistant about {random.Next()}\n"));
        File.WriteAllText(Path.Combine(root, "IndexedDB", "file__0.indexeddb.leveldb", "000003.log"), text);
        var blob = new byte[3 * 1024 * 1024 + 17];
        random.NextBytes(blob);
        File.WriteAllBytes(Path.Combine(root, "Data", "Files", "photo.png"), blob);
        for (var i = 0; i < 30; i++)
        {
            File.WriteAllText(Path.Combine(root, "Data", $"note-{i:d2}.md"), $"# Note {i}\n{random.Next()}\n");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(Path.Combine(root, "link-to-config"), "config.json");
            File.CreateSymbolicLink(Path.Combine(root, "dangling"), "../nowhere/at/all");
            File.SetUnixFileMode(Path.Combine(root, "config.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(Path.Combine(root, "Data", "note-03.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        }

        File.SetLastWriteTimeUtc(Path.Combine(root, "Data", "note-01.md"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567));
        Directory.SetLastWriteTimeUtc(Path.Combine(root, "empty"), new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }
}
