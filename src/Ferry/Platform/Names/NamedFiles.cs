using Ferry.Names;
using Ferry.Repository.Trees;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Platform.Names;

/// <summary>
/// The file operations backup and restore need, for any name Ferry carries (<see cref="EntryName"/>):
/// the normal .NET calls, or, for a path holding bytes that are not UTF-8 (Linux), libc by bytes.
/// </summary>
internal static class NamedFiles
{
    /// <summary>The names in a folder. .NET shows a byte that is not UTF-8 as U+FFFD; such a folder is read again by bytes.</summary>
    public static List<string> List(string folder)
    {
        if (OperatingSystem.IsLinux() && EntryName.HasEscapes(folder))
        {
            return NativeNames.List(folder);
        }

        var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().ToList();
        return OperatingSystem.IsLinux() && names.Exists(n => n.Contains('\uFFFD', StringComparison.Ordinal)) ? NativeNames.List(folder) : names;
    }

    public static SafeFileHandle OpenRead(string path, FileOptions options = FileOptions.None) =>
        NeedsBytes(path) ? NativeNames.OpenRead(path) : File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, options);

    /// <summary>Opens a file to write, creating it; <paramref name="createNew"/> refuses one that exists.</summary>
    public static SafeFileHandle OpenWrite(string path, bool createNew) =>
        NeedsBytes(path) ? NativeNames.OpenWrite(path, createNew) : File.OpenHandle(path, createNew ? FileMode.CreateNew : FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);

    public static void CreateDirectory(string path)
    {
        if (NeedsBytes(path))
        {
            NativeNames.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path);
        }
    }

    public static void CreateSymbolicLink(string path, string target)
    {
        if (NeedsBytes(path) || NeedsBytes(target))
        {
            NativeNames.CreateSymbolicLink(path, target);
        }
        else
        {
            File.CreateSymbolicLink(path, target);
        }
    }

    /// <summary>A symlink's target as the link says it, bytes that are not UTF-8 included.</summary>
    public static string ReadLink(string path)
    {
        if (NeedsBytes(path))
        {
            return NativeNames.ReadLink(path);
        }

        var target = new FileInfo(path).LinkTarget ?? "";
        return OperatingSystem.IsLinux() && target.Contains('\uFFFD', StringComparison.Ordinal) ? NativeNames.ReadLink(path) : target;
    }

    public static void DeleteFile(string path)
    {
        if (NeedsBytes(path))
        {
            NativeNames.DeleteFile(path);
        }
        else
        {
            File.Delete(path);
        }
    }

    /// <summary>Deletes a tree whatever its names, first making read-only folders writable. On Linux by bytes: .NET cannot delete what it cannot name.</summary>
    public static void DeleteTree(string path)
    {
        var status = FileStatus.Of(path);
        if (status.Kind != EntryKind.Directory)
        {
            NativeNames.DeleteFile(path);
            return;
        }

        NativeNames.SetMode(path, status.Mode | 0b111_000_000);
        foreach (var name in NativeNames.List(path))
        {
            DeleteTree(Path.Join(path, name));
        }

        NativeNames.DeleteDirectory(path);
    }

    /// <summary>Puts a node's permission bits and modification time back on an entry whose path needs bytes.</summary>
    public static void ApplyMetadata(string path, TreeNode node)
    {
        if (node.Mode != 0)
        {
            NativeNames.SetMode(path, node.Mode & 0xFFF);
        }

        if (node.MTimeNs != 0)
        {
            NativeNames.SetModificationTime(path, node.MTimeNs);
        }
    }

    /// <summary>True for a path .NET would get wrong: one holding bytes that are not UTF-8. Only Linux has such names.</summary>
    public static bool NeedsBytes(string path)
    {
        if (!EntryName.HasEscapes(path))
        {
            return false;
        }

        return OperatingSystem.IsLinux() ? true : throw new IOException($"'{NameText.Show(path)}' is not valid UTF-8, which only Linux can hold");
    }
}
