using Ferry.Repository.Crypto;
using Ferry.Repository.Index;
using Ferry.Repository.Trees;

namespace Ferry.Restore;

/// <summary>A file to write: where, its metadata, and where each of its chunks lands.</summary>
internal sealed class PlannedFile(string path, TreeNode node)
{
    private long _remaining = node.Size;

    public string Path { get; } = path;

    public TreeNode Node { get; } = node;

    public bool Damaged { get; set; }

    /// <summary>Counts written bytes down; true when the last one arrived.</summary>
    public bool Wrote(long bytes) => Interlocked.Add(ref _remaining, -bytes) == 0;
}

/// <summary>One blob to read, and every place (file, offset) it must be written to.</summary>
internal sealed record PlannedBlob(ChunkId Id, BlobLocation Location, List<(PlannedFile File, long Offset)> Targets);

/// <summary>
/// One batch of a restore (see <see cref="RestoreWalk"/>): the folders it enters, its files with
/// their chunks grouped by pack (each pack is read once per batch, in as few ranges as possible),
/// and what cannot be restored. A file is never split between batches.
/// </summary>
internal sealed class RestorePlan
{
    /// <summary>Folders first seen in this batch; they are created before its files.</summary>
    public List<(string Path, TreeNode Node)> Directories { get; } = [];

    public List<PlannedFile> Files { get; } = [];

    public Dictionary<ChunkId, Dictionary<ChunkId, PlannedBlob>> Packs { get; } = [];

    /// <summary>Files (and folders) that cannot be restored, and why.</summary>
    public List<(PlannedFile File, string Reason)> Unrestorable { get; } = [];

    /// <summary>Chunk placements so far: with the file count, what bounds a batch's memory.</summary>
    public int Placements { get; private set; }

    public void AddFile(MasterIndex index, PlannedFile file)
    {
        Files.Add(file);
        long offset = 0;
        var placed = new List<(ChunkId Id, BlobLocation Location, long Offset)>(file.Node.Content!.Count);
        foreach (var id in file.Node.Content!)
        {
            if (!index.TryGet(id, out var location))
            {
                Unrestorable.Add((file, $"chunk {id.ToShortString()} is in no index"));
                file.Damaged = true;
                return;
            }

            placed.Add((id, location, offset));
            offset += location.RawLength;
        }

        if (offset != file.Node.Size)
        {
            Unrestorable.Add((file, $"its chunks add up to {offset} bytes, not {file.Node.Size}"));
            file.Damaged = true;
            return;
        }

        foreach (var (id, location, at) in placed)
        {
            if (!Packs.TryGetValue(location.Pack, out var blobs))
            {
                Packs[location.Pack] = blobs = [];
            }

            if (!blobs.TryGetValue(id, out var blob))
            {
                blobs[id] = blob = new PlannedBlob(id, location, []);
            }

            blob.Targets.Add((file, at));
        }

        Placements += placed.Count;
    }
}
