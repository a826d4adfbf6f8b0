namespace Ferry.Tests.Maintenance;

/// <summary>
/// A small app-data folder of incompressible files (one chunk each) and small notes, and the edits a
/// day of use makes: a few notes rewritten and a patch inside one larger file.
/// </summary>
internal static class AppFolder
{
    public const int FileSize = 192 * 1024;

    public static string Write(string root, int files, int seed)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "notes"));
        for (var i = 0; i < files; i++)
        {
            var bytes = new byte[FileSize];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(root, $"table-{i:d3}.ldb"), bytes);
        }

        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(root, "notes", $"note-{i:d2}.md"), Note(random));
        }

        return root;
    }

    /// <summary><paramref name="edits"/> changes: one 4 KiB patch inside a table, the rest notes rewritten.</summary>
    public static void Edit(string root, int round, int edits)
    {
        var random = new Random(1000 + round);
        var tables = Directory.GetFiles(root, "table-*.ldb").Order(StringComparer.Ordinal).ToArray();
        using (var table = File.Open(tables[random.Next(tables.Length)], FileMode.Open, FileAccess.Write))
        {
            table.Position = random.Next(FileSize - 4096);
            var patch = new byte[4096];
            random.NextBytes(patch);
            table.Write(patch);
        }

        for (var i = 1; i < edits; i++)
        {
            File.WriteAllText(Path.Combine(root, "notes", $"note-{random.Next(20):d2}.md"), Note(random));
        }
    }

    /// <summary>Every table rewritten: a backup of it shares nothing with the ones before.</summary>
    public static void Replace(string root, int seed)
    {
        var random = new Random(seed);
        foreach (var table in Directory.GetFiles(root, "table-*.ldb"))
        {
            var bytes = new byte[FileSize];
            random.NextBytes(bytes);
            File.WriteAllBytes(table, bytes);
        }
    }

    private static string Note(Random random) =>
        string.Join('\n', Enumerable.Range(0, 40).Select(_ => Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()))));
}
