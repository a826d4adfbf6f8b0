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
        var safe = node.Mode == 0 ? node : node.WithMode((int)RestoredMode.Of(node.Mode));
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
