using System.Diagnostics;
using System.Text;

namespace Ferry.Testing.Names;

/// <summary>
/// A folder of names that Linux allows and other systems do not, made and read byte for byte by
/// Python (not by the code under test): a backslash, Windows' reserved characters, a line break,
/// device names, a trailing dot and a trailing space, names that differ only by case, names of 255
/// bytes, and names that are not UTF-8. Each file holds its own name and a number, so a merge of two
/// files or a file under the wrong name shows in the content. Reusable by any test that carries it
/// between systems (FUSE file systems here, the Windows build under Wine).
/// </summary>
public static class OddNamesTree
{
    /// <summary>Every file of the tree: its path below the root as bytes ('/'-separated).</summary>
    public static IReadOnlyList<byte[]> Files { get; } =
    [
        U("normal.txt"),
        U("back\\slash"),
        U("colon:name.txt"),
        U("a<b>c"),
        U("what?.txt"),
        U("pipe|star*quote\""),
        U("line\nbreak"),
        U("CON.txt"),
        U("AUX"),
        U("nul.txt"),
        U("trailing."),
        U("trailing "),
        U("Readme"),
        U("README"),
        U("sub/File.txt"),
        U("sub/file.txt"),
        U(new string('n', 251) + ".txt"),
        U(string.Concat(Enumerable.Repeat("\u00E9", 127)) + "x"),
        [.. "caf"u8, 0xE9, .. ".txt"u8],
        [0xFF, 0xFE, .. "-bytes"u8],
        [.. "dir-"u8, 0xE9, .. "/inner.txt"u8],
    ];

    /// <summary>Writes the tree into <paramref name="root"/> (created), each file holding its own path and its index; with <paramref name="only"/>, just those paths.</summary>
    public static void Write(string root, params string[] only)
    {
        var lines = Files.Select((path, i) => (path, i))
            .Where(f => only.Length == 0 || only.Contains(Encoding.UTF8.GetString(f.path)))
            .Select(f => $"{Convert.ToHexString(f.path)} {Convert.ToHexString(ContentOf(f.i))}");
        Python(WriteScript, root, string.Join('\n', lines));
    }

    /// <summary>The content of the file at index <paramref name="i"/> of <see cref="Files"/>.</summary>
    public static byte[] ContentOf(int i) => [.. Encoding.ASCII.GetBytes($"file {i}: "), .. Files[i], .. "\n"u8];

    /// <summary>The SHA-256 (lowercase hex) of each file's content, as <see cref="Describe"/> states it: which file a restored one is.</summary>
    public static IEnumerable<string> ContentHashes() => Files.Select((_, i) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ContentOf(i))).ToLowerInvariant());

    /// <summary>
    /// Every entry below <paramref name="root"/> as Python reads it, by bytes: relative path (hex of its
    /// bytes) → "dir", or "file " and the SHA-256 of its content. What a user would compare. With
    /// <paramref name="withMetadata"/> also the permission bits and the modification time (to 100 ns, what .NET sets).
    /// </summary>
    public static SortedDictionary<string, string> Describe(string root, bool withMetadata = false)
    {
        var output = Python(withMetadata ? DescribeScript.Replace("print(rel.hex().upper(), kind)", "print(rel.hex().upper(), kind, oct(os.lstat(full).st_mode & 0o7777), os.lstat(full).st_mtime_ns // 100)", StringComparison.Ordinal) : DescribeScript, root, "");
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2);
            entries[parts[0]] = parts[1];
        }

        return entries;
    }

    /// <summary>What <see cref="Describe"/> gives for the tree <see cref="Write"/> makes.</summary>
    public static SortedDictionary<string, string> Expected(params string[] only)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Files.Count; i++)
        {
            if (only.Length > 0 && !only.Contains(Encoding.UTF8.GetString(Files[i])))
            {
                continue;
            }

            var path = Files[i];
            for (var slash = Array.IndexOf(path, (byte)'/'); slash > 0; slash = Array.IndexOf(path, (byte)'/', slash + 1))
            {
                entries[Convert.ToHexString(path[..slash])] = "dir";
            }

            entries[Convert.ToHexString(path)] = $"file {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ContentOf(i))).ToLowerInvariant()}";
        }

        return entries;
    }

    private const string WriteScript =
        """
        import os, sys
        root = os.fsencode(sys.argv[1])
        os.makedirs(root, exist_ok=True)
        for line in sys.stdin.read().splitlines():
            path, content = (bytes.fromhex(part) for part in line.split(' '))
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, 'wb') as f:
                f.write(content)
            # Modes and times of their own, so a restore that loses them on a name shows.
            os.chmod(full, 0o600 if len(path) % 2 else 0o644)
            os.utime(full, ns=(1234567890123456700 + len(content) * 1000,) * 2)
        for folder, dirs, files in os.walk(root):
            for name in dirs:
                os.utime(os.path.join(folder, name), ns=(1300000000000000000 + len(name) * 1000,) * 2)
        """;

    private const string DescribeScript =
        """
        import hashlib, os, sys
        root = os.fsencode(sys.argv[1])
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                full = os.path.join(folder, name)
                rel = os.path.relpath(full, root)
                if os.path.islink(full):
                    kind = 'link ' + os.readlink(full).hex()
                elif os.path.isdir(full):
                    kind = 'dir'
                else:
                    with open(full, 'rb') as f:
                        kind = 'file ' + hashlib.sha256(f.read()).hexdigest()
                print(rel.hex().upper(), kind)
        """;

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private static string Python(string script, string root, string input)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(root);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"python3 failed: {error}");
    }
}
