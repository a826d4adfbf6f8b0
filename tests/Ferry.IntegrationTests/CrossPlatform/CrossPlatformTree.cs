namespace Ferry.IntegrationTests.CrossPlatform;

/// <summary>App data as every OS can hold it: nested folders, an empty file and folder, chunked and small files, non-ASCII names, a read-only file, set times.</summary>
public static class CrossPlatformTree
{
    public const string ReadOnlyFile = "Data/read-only.txt";

    public static void Write(string root, int seed = 1)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "Local Storage", "leveldb"));
        Directory.CreateDirectory(Path.Combine(root, "Data", "Notes"));
        Directory.CreateDirectory(Path.Combine(root, "empty", "nested-empty"));
        var log = new byte[300_000];
        random.NextBytes(log);
        File.WriteAllBytes(Path.Combine(root, "Local Storage", "leveldb", "000003.log"), log);
        var photo = new byte[(2 * 1024 * 1024) + 3];
        random.NextBytes(photo);
        File.WriteAllBytes(Path.Combine(root, "Data", "photo.png"), photo);
        File.WriteAllText(Path.Combine(root, "Data", "Notes", "ünïcödé 中文 ✓.md"), $"# {random.Next()}\n");
        File.WriteAllText(Path.Combine(root, "config.json"), "{\"theme\":\"dark\"}");
        File.WriteAllBytes(Path.Combine(root, "empty-file"), []);
        File.WriteAllText(Path.Combine(root, ReadOnlyFile), "do not edit");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, ReadOnlyFile), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.SetLastWriteTimeUtc(Path.Combine(root, "config.json"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1_234_567));
        Directory.SetLastWriteTimeUtc(Path.Combine(root, "empty"), new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }
}
