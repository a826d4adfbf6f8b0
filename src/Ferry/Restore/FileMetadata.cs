using Ferry.Repository.Trees;

namespace Ferry.Restore;

/// <summary>Puts a node's permission bits and modification time back on a restored entry.</summary>
internal static class FileMetadata
{
    public static void Apply(string path, TreeNode node, bool isDirectory)
    {
        if (!OperatingSystem.IsWindows() && node.Mode != 0)
        {
            File.SetUnixFileMode(path, RestoredMode.Of(node.Mode));
        }

        if (node.MTimeNs != 0)
        {
            var time = DateTime.UnixEpoch.AddTicks(node.MTimeNs / 100);
            if (isDirectory)
            {
                Directory.SetLastWriteTimeUtc(path, time);
            }
            else
            {
                File.SetLastWriteTimeUtc(path, time);
            }
        }
    }
}
