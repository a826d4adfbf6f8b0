
namespace Ferry.Testing.Apps;

/// <summary>The shape of a real Cherry Studio folder: chats in LevelDB, user files under Data/, the browser engine's caches and locks.</summary>
public static class CherryFolder
{
    /// <summary>What a backup by the Cherry Studio preset always skips, as paths in the folder.</summary>
    public static IReadOnlyList<string> Disposable { get; } = ["Cache", "Code Cache", "GPUCache", "logs", "SingletonLock"];

    /// <summary>What lightweight backup also skips: attachments and knowledge-base files.</summary>
    public static IReadOnlyList<string> Bulky { get; } = ["Data/Files", "Data/KnowledgeBase"];

    public static void Write(string root)
    {
        SampleTree.Write(root);
        foreach (var cache in new[] { "Cache/Cache_Data/f_000001", "Code Cache/js/index", "GPUCache/data_0", "logs/main.log", "Data/KnowledgeBase/kb1/index.sqlite", "Data/Notes/logs/today.md" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, cache))!);
            File.WriteAllText(Path.Combine(root, cache), cache);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(Path.Combine(root, "SingletonLock"), "other-host-123");
        }
    }
}
