using Ferry.Platform;
using Ferry.Repository.Trees;

namespace Ferry.Restore;

/// <summary>Puts a node's permission bits or Windows attributes and its modification time back on a restored entry.</summary>
internal static class FileMetadata
{
    public static void Apply(string path, TreeNode node, bool isDirectory) => OsPlatform.Current.ApplyMetadata(path, node, isDirectory);
}
