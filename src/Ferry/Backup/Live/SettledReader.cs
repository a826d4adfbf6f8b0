using Ferry.Platform;
using Ferry.Repository.Trees;

namespace Ferry.Backup.Live;

/// <summary>
/// Reads a set of files until none of them moved while the set was read: every file's size, mtime
/// and inode, and the set of names, are the same before and after, and each file gave as many bytes
/// as it holds. A set that keeps moving is read a bounded number of times and stored as last read,
/// with a problem to report. A single file is a set of one.
/// </summary>
internal sealed class SettledReader(FileChunker chunker, Func<TreeNode?, FileStatus, bool> isUnchanged)
{
    /// <summary>The set's nodes; <paramref name="names"/> gives its names now, asked before and after each read, so files that appear or vanish count as movement.</summary>
    public async Task<GroupCapture> ReadAsync(string folder, Func<IReadOnlyList<string>> names, IReadOnlyDictionary<string, TreeNode> previous, int attempts, FileProblem unsettled, CancellationToken cancellationToken)
    {
        Dictionary<string, CapturedFile> files = [];
        for (var attempt = 1; ; attempt++)
        {
            var before = StatAll(folder, names());
            files = [];
            var lengthsMatch = true;
            var vanished = false;
            foreach (var (name, status) in before)
            {
                var node = previous.GetValueOrDefault(name);
                if (isUnchanged(node, status))
                {
                    files[name] = new CapturedFile(node, CaptureKind.Unchanged);
                    continue;
                }

                try
                {
                    var (chunks, length) = await chunker.ChunkAsync(Path.Join(folder, name), cancellationToken).ConfigureAwait(false);
                    lengthsMatch &= length == status.Size;
                    files[name] = new CapturedFile(Node(name, status with { Size = length }, chunks), CaptureKind.Read);
                }
                catch (FileNotFoundException)
                {
                    vanished = true; // removed between the listing and the read: the set moved
                }
            }

            var after = StatAll(folder, names());
            if ((!vanished && lengthsMatch && Same(before, after)) || attempt >= attempts)
            {
                var settled = !vanished && lengthsMatch && Same(before, after);
                return new GroupCapture(files, settled ? null : unsettled);
            }
        }
    }

    public static TreeNode Node(string name, FileStatus status, IReadOnlyList<Repository.Crypto.ChunkId> chunks) => new()
    {
        Name = name,
        Type = NodeType.File,
        Mode = status.Mode,
        Attributes = status.StoredAttributes,
        MTimeNs = status.MTimeNs,
        Size = status.Size,
        Inode = status.Inode,
        Content = chunks,
    };

    private static SortedDictionary<string, FileStatus> StatAll(string folder, IReadOnlyList<string> names)
    {
        var statuses = new SortedDictionary<string, FileStatus>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            try
            {
                var status = FileStatus.Of(Path.Join(folder, name));
                if (status.Kind == EntryKind.File)
                {
                    statuses[name] = status;
                }
            }
            catch (FileNotFoundException)
            {
                // Gone: the comparison of before and after notices.
            }
        }

        return statuses;
    }

    private static bool Same(SortedDictionary<string, FileStatus> before, SortedDictionary<string, FileStatus> after) =>
        before.Count == after.Count && before.All(b => after.TryGetValue(b.Key, out var a) && a == b.Value);
}
