using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Names;

namespace Ferry.Repository.Trees;

/// <summary>
/// One directory's entries, sorted by name (ordinal), stored as a JSON blob in a tree pack. Its id is
/// the keyed hash of that JSON, so an unchanged directory is stored once across all snapshots.
/// </summary>
public sealed class Tree
{
    /// <summary>A tree never legitimately holds more than this many bytes of JSON.</summary>
    internal const int MaxSize = 256 * 1024 * 1024;

    /// <summary>The entries of the folder, sorted by name.</summary>
    [JsonPropertyName("nodes")]
    public IReadOnlyList<TreeNode> Nodes { get; init; } = [];

    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FormatJson.Default.Tree);

    internal static Tree Parse(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            var tree = JsonSerializer.Deserialize(json, FormatJson.Default.Tree) ?? throw new CorruptDataException($"{what} is empty");
            Validate(tree, what);
            return tree;
        }
        catch (JsonException e)
        {
            throw new CorruptDataException($"{what} is not a valid tree: {e.Message}", e);
        }
    }

    /// <summary>Names come from storage and will become paths on disk: only single-segment names pass (<see cref="EntryName.IsValid"/>).</summary>
    private static void Validate(Tree tree, string what)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (tree.Nodes is null || tree.Nodes.Any(n => n is null))
        {
            throw new CorruptDataException($"{what} holds an empty entry");
        }

        foreach (var node in tree.Nodes)
        {
            if (!EntryName.IsValid(node.Name))
            {
                throw new CorruptDataException($"{what} holds an unsafe entry name {NameText.Show(node.Name)}");
            }

            // Two entries of one name (as bytes) could make a restore write through a symlink it just created.
            if (!names.Add(node.Name))
            {
                throw new CorruptDataException($"{what} holds the name {NameText.Show(node.Name)} twice");
            }

            var ok = node.Type switch
            {
                NodeType.File => node.Content is not null && node.Size >= 0,
                NodeType.Directory => node.Subtree is not null,
                NodeType.Symlink => node.Target is not null,
                _ => false,
            };
            if (!ok)
            {
                throw new CorruptDataException($"{what} holds an incomplete entry {NameText.Show(node.Name)}");
            }
        }
    }
}
