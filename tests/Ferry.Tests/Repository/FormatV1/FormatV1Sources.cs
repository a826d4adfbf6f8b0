using System.Text;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// The folders the format v1 fixture was made from: every shape the format has to carry (nested
/// folders, an empty file, a symlink, modes 0600/0700/0755, a non-ASCII name, text that compresses,
/// bytes that do not, a file of several chunks), with fixed modes and modification times.
/// </summary>
internal static class FormatV1Sources
{
    public const string NonAsciiName = "日记 über Ferry.md";

    private static readonly DateTime Base = new(2025, 3, 10, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>The laptop's app folder as it was for the first snapshot.</summary>
    public static void WriteLaptopApp(string app, byte[] storeDb)
    {
        Write(app, "config.json", """{"theme":"dark","language":"zh-CN","sync":{"enabled":true}}""" + "\n", "0600", 1);
        Write(app, "launch.sh", "#!/bin/sh\nexec ./app --profile default \"$@\"\n", "0755", 2);
        Write(app, "empty.log", "", "0644", 3);
        Write(app, "chat-history.txt", ChatHistory(400), "0644", 4);
        File.CreateSymbolicLink(Path.Combine(app, "link-to-config"), "config.json");
        Write(app, "Data/Files/attachment.jpg", Noise(6000, seed: 14), "0644", 5);
        Write(app, $"Data/Notes/{NonAsciiName}", NoteText, "0644", 6);
        Write(app, "Data/Notes/archive/2024/old-note.md", "# 2024\nAn old note, kept in a nested folder.\n", "0644", 7);
        Write(app, "Data/store.db", storeDb, "0644", 8);
        StampFolders(app, ("Data/Notes/archive/2024", "0755", 20), ("Data/Notes/archive", "0755", 21), ("Data/Notes", "0755", 22),
            ("Data/Files", "0700", 23), ("Data", "0755", 24), ("", "0755", 25));
    }

    /// <summary>What changed on the laptop before its second snapshot: the config, and one new note.</summary>
    public static void ChangeLaptopApp(string app)
    {
        Write(app, "config.json", """{"theme":"light","language":"zh-CN","sync":{"enabled":true}}""" + "\n", "0600", 30);
        Write(app, "Data/Notes/todo.md", "- back up before the upgrade\n- restore on the desktop\n", "0644", 31);
        StampFolders(app, ("Data/Notes", "0755", 32), ("", "0755", 33));
    }

    /// <summary>The desktop's two folders, backed up together: the note also on the laptop, and settings.</summary>
    public static void WriteDesktop(string notes, string settings)
    {
        Write(notes, NonAsciiName, NoteText, "0644", 40);
        Write(notes, "meeting.md", "# Meeting\n\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"- point {i}: agreed\n")), "0644", 41);
        Write(settings, "settings.json", """{"autoBackup":true,"intervalMinutes":30}""" + "\n", "0600", 42);
        Write(settings, "keybindings.json", "[]\n", "0644", 43);
        StampFolders(notes, ("", "0755", 44));
        StampFolders(settings, ("", "0700", 45));
    }

    /// <summary>
    /// A database-like file for <c>Data/store.db</c>: mostly zero pages with sparse random bytes, so it
    /// compresses well yet its bytes vary enough for the chunker to cut it. <paramref name="variant"/>
    /// picks one of many such files (the fixture uses one its repository cuts at least three times).
    /// </summary>
    public static byte[] StoreDb(int variant, int length = 320 * 1024)
    {
        var random = new Random(variant);
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (random.Next(50) == 0)
            {
                bytes[i] = (byte)random.Next(256);
            }
        }

        return bytes;
    }

    private const string NoteText = "# 日记\n\nÜber Ferry: 备份 und Wiederherstellung, für alle Geräte.\n";

    private static string ChatHistory(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var speaker = i % 2 == 0 ? "user" : "assistant";
            text.Append($"2025-03-09 {i / 60 % 24:d2}:{i % 60:d2} {speaker}: message {i} about backing up the notes folder\n");
        }

        return text.ToString();
    }

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void Write(string root, string relative, string text, string mode, int minute) =>
        Write(root, relative, Encoding.UTF8.GetBytes(text), mode, minute);

    private static void Write(string root, string relative, byte[] bytes, string mode, int minute)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        SetMode(path, mode);
        File.SetLastWriteTimeUtc(path, Stamp(minute));
    }

    /// <summary>Folders last and deepest first: writing into a folder changes its mtime.</summary>
    private static void StampFolders(string root, params (string Relative, string Mode, int Minute)[] folders)
    {
        foreach (var (relative, mode, minute) in folders)
        {
            var path = relative.Length == 0 ? root : Path.Combine(root, relative);
            SetMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, Stamp(minute));
        }
    }

    /// <summary>The fixture was made on Linux; its modes mean nothing on Windows.</summary>
    private static void SetMode(string path, string octal)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));
        }
    }

    /// <summary>Whole minutes plus a sub-second part, so restores must keep more than seconds.</summary>
    private static DateTime Stamp(int minute) => Base.AddMinutes(minute).AddTicks(minute * 1_234_567L);
}
