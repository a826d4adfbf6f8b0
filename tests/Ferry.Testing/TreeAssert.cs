namespace Ferry.Testing;

/// <summary>Compares two folders the way a user would: every name, every byte, every mode, mtime and link.</summary>
public static class TreeAssert
{
    /// <summary>Fails unless <paramref name="actual"/> holds exactly what <paramref name="expected"/> holds.</summary>
    /// <param name="expected">The folder as it should be.</param>
    /// <param name="actual">The folder to check.</param>
    /// <param name="modes">False between a Unix and a Windows computer: Windows has no permission bits to compare.</param>
    public static void Identical(string expected, string actual, bool modes = true) => Identical(Describe(expected, modes), actual, modes);

    /// <summary>The same, against a description taken earlier (or edited: what should not arrive removed).</summary>
    public static void Identical(Dictionary<string, string> left, string actual, bool modes = true)
    {
        var right = Describe(actual, modes);
        Assert.Equal(left.Keys.Order(StringComparer.Ordinal), right.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, description) in left)
        {
            Assert.True(description == right[path], $"{path}: expected {description}, got {right[path]}");
        }
    }

    /// <summary>Relative path → "kind size mode mtime sha256" (mtime to 100 ns, which is what .NET can set).</summary>
    public static Dictionary<string, string> Describe(string root, bool modes = true)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            var mode = OperatingSystem.IsWindows() || !modes ? "" : Convert.ToString((int)entry.UnixFileMode, 8);
            if (entry.LinkTarget is { } link)
            {
                result[relative] = $"link -> {link}";
            }
            else if (entry is DirectoryInfo dir)
            {
                result[relative] = $"dir {mode} {dir.LastWriteTimeUtc.Ticks}";
            }
            else
            {
                var file = (FileInfo)entry;
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.FullName)));
                result[relative] = $"file {file.Length} {mode} {file.LastWriteTimeUtc.Ticks} {hash}";
            }
        }

        return result;
    }
}
