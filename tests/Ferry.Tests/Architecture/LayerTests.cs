using System.Text.RegularExpressions;
using Ferry.Testing;

namespace Ferry.Tests.Architecture;

/// <summary>
/// The engine's folders form layers (docs/ARCHITECTURE.md) and every import runs downwards: a folder
/// may use the folders of lower layers, never its own layer's others or a higher one's. Read from the
/// sources, usings, qualified names and doc references alike, so a new edge fails here before it
/// becomes a cycle.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Lowest first; the same list, with what each layer is for, is in docs/ARCHITECTURE.md.</summary>
    private static readonly string[][] Layers =
    [
        ["Errors"],
        ["LocalFiles", "Storage", "Names"],
        ["Repository"],
        ["Platform", "Maintenance"],
        ["Backup"],
        ["Restore"],
        ["Apps", "Foreign"],
        ["Operations"],
        ["Configuration"],
        ["Scheduling"],
    ];

    private static readonly string Engine = Path.Combine(SourceTree.Root, "src", "Ferry");

    [Fact]
    public void Every_engine_folder_has_a_layer()
    {
        var folders = Directory.GetDirectories(Engine).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order(StringComparer.Ordinal);

        Assert.Equal(Layers.SelectMany(l => l).Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Every_import_runs_to_a_lower_layer()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(x => x.f, x => x.layer, StringComparer.Ordinal);
        var upwards = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Engine, file).Replace('\\', '/');
            var folder = relative.Split('/')[0];
            if (!layerOf.TryGetValue(folder, out var layer))
            {
                continue; // files at the top (FerryVersion.cs) and bin/obj: nothing of the layers
            }

            var source = File.ReadAllText(file);
            foreach (var used in Imports(source).Where(u => u != folder && layerOf.ContainsKey(u)).Distinct())
            {
                if (layerOf[used] >= layer)
                {
                    upwards.Add($"{relative} uses {used} (layer {layerOf[used]}), but {folder} is layer {layer}");
                }
            }
        }

        Assert.True(upwards.Count == 0, string.Join("\n", upwards));
    }

    [Fact]
    public void An_upward_import_is_found()
    {
        // The check above is only as good as its reading of a source file.
        Assert.Contains("Scheduling", Imports("using Ferry.Scheduling;\nnamespace Ferry.Repository;"));
        Assert.Contains("Maintenance", Imports("[JsonSerializable(typeof(Maintenance.MaintenanceRecord))]"));
        Assert.Contains("Restore", Imports("/// <see cref=\"Ferry.Restore.SafeRestore\"/>"));
        Assert.DoesNotContain("Repository", Imports("var objects = context.Repository.Objects;"));
    }

    /// <summary>The engine folders a source file names: <c>Ferry.X</c> anywhere, and <c>X.Type</c> as a name qualified from within Ferry.</summary>
    private static IEnumerable<string> Imports(string source) =>
        FullyQualified().Matches(source).Select(m => m.Groups[1].Value)
            .Concat(PartlyQualified().Matches(source).Select(m => m.Groups[1].Value));

    [GeneratedRegex(@"\bFerry\.([A-Z]\w*)")]
    private static partial Regex FullyQualified();

    [GeneratedRegex(@"(?<![\w.])(Errors|LocalFiles|Storage|Names|Repository|Platform|Maintenance|Backup|Restore|Apps|Foreign|Configuration|Scheduling)\.[A-Z]\w*")]
    private static partial Regex PartlyQualified();
}
