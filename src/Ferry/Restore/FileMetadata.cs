using Ferry.Platform;
using Ferry.Platform.Names;
using Ferry.Repository.Trees;

namespace Ferry.Restore;

/// <summary>Puts a node's permission bits or Windows attributes and its modification time back on a restored entry.</summary>
internal static class FileMetadata
{
    /// <summary>
    /// Sets what the node says, its mode stripped of what hands power to others (<see cref="RestoredMode"/>);
    /// a path holding bytes that are not UTF-8 is set by bytes, which .NET cannot name.
    /// </summary>
    public static void Apply(string path, TreeNode node, bool isDirectory)
    {
        // A copy only for the rare node whose mode loses bits: a restore applies this to every entry.
        var kept = (int)RestoredMode.Of(node.Mode);
        var safe = kept == node.Mode ? node : node.WithMode(kept);
        if (NamedFiles.NeedsBytes(path))
        {
            NamedFiles.ApplyMetadata(path, safe);
        }
        else
        {
            OsPlatform.Current.ApplyMetadata(path, safe, isDirectory);
        }
    }
}
