using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Testing.Foreign;

/// <summary>Builds zips in Cherry Studio's backup layout, as its BackupManager writes them.</summary>
public static class CherryArchive
{
    /// <summary>
    /// The current layout (version 6): metadata.json, then the data folder's IndexedDB/, Local Storage/
    /// and Data/ (empty in a lightweight backup). Entries come from <paramref name="dataFolder"/>.
    /// </summary>
    public static byte[] Build(string dataFolder, long timestampMs = 1_741_944_600_000, bool lite = false)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "metadata.json", Encoding.UTF8.GetBytes($"{{\"version\":6,\"timestamp\":{timestampMs},\"appName\":\"Cherry Studio\",\"appVersion\":\"1.6.0\",\"platform\":\"linux\",\"arch\":\"x64\"}}"));
            foreach (var top in new[] { "IndexedDB", "Local Storage", "Data" })
            {
                zip.CreateEntry(top + "/");
                var folder = Path.Combine(dataFolder, top);
                if (!Directory.Exists(folder) || (lite && top == "Data"))
                {
                    continue;
                }

                foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    Add(zip, Path.GetRelativePath(dataFolder, file).Replace('\\', '/'), File.ReadAllBytes(file));
                }
            }
        }

        return memory.ToArray();
    }

    /// <summary>The older layout: a data.json export and Data/.</summary>
    public static byte[] BuildLegacy()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "data.json", Encoding.UTF8.GetBytes("{\"time\":1700000000000,\"version\":5,\"localStorage\":{},\"indexedDB\":{}}"));
            Add(zip, "Data/Notes/hello.md", Encoding.UTF8.GetBytes("# hello"));
        }

        return memory.ToArray();
    }

    /// <summary>A zip with one entry of any name (for unsafe paths).</summary>
    public static byte[] WithEntry(string name, byte[] content)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, name, content);
        }

        return memory.ToArray();
    }

    /// <summary>A Cherry-like data folder: chats in LevelDB tables, settings, notes, an attachment.</summary>
    public static void WriteDataFolder(string root, int seed = 1)
    {
        var random = new Random(seed);
        void Write(string relative, byte[] content)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        var chats = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{{\"id\":{i},\"role\":\"assistant\",\"content\":\"answer {random.Next()}\"}}\n"));
        Write("IndexedDB/file__0.indexeddb.leveldb/000005.ldb", Encoding.UTF8.GetBytes(chats));
        Write("IndexedDB/file__0.indexeddb.leveldb/CURRENT", "MANIFEST-000004\n"u8.ToArray());
        Write("IndexedDB/file__0.indexeddb.leveldb/MANIFEST-000004", RandomNumberGenerator.GetBytes(300));
        Write("Local Storage/leveldb/000003.log", Encoding.UTF8.GetBytes("persist:cherry-studio {\"settings\":{}}"));
        Write("Data/Notes/note-1.md", "# First note\n"u8.ToArray());
        Write("Data/Files/photo.png", RandomNumberGenerator.GetBytes(700_000));
        Write("Data/config.json", "{}"u8.ToArray());
    }

    /// <summary>Relative path → SHA-256 of every file below <paramref name="root"/>: what a restore must reproduce.</summary>
    public static Dictionary<string, string> Contents(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
            StringComparer.Ordinal);

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
