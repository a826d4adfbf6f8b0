using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ferry.Cli.Rendering;
using Ferry.Operations;
using Ferry.Repository;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry list --foreign</c>: Ferry's snapshots and, beside them, the app's own zip backups under
/// the same root (rows of kind "foreign"). Works before any Ferry repository exists there.
/// </summary>
internal static class ForeignListing
{
    public static async Task<int> RunAsync(CliContext context, string? host, CancellationToken cancellationToken)
    {
        var listing = await ListBackups.ListAsync(context.OpenStore(), context.OpenRepositoryAsync, host, cancellationToken).ConfigureAwait(false);
        var snapshots = listing.Snapshots;
        var foreign = listing.Foreign
            .Select(f => new ForeignJson("foreign", f.Backup.Key, f.Backup.App, f.Backup.Host, f.Backup.Device, f.Backup.Os, f.Backup.Time, f.Backup.Size, f.ImportedAs))
            .ToList();

        if (context.Json)
        {
            var rows = snapshots.Select(s => (Time: s.Snapshot.Time.UtcDateTime, Node: (JsonNode)SnapshotNode(s)))
                .Concat(foreign.Select(f => (f.Time, Node: JsonSerializer.SerializeToNode(f, ForeignJsonContext.Default.ForeignJson)!)))
                .OrderByDescending(r => r.Time)
                .Select(r => r.Node);
            context.Out.WriteLine(new JsonArray([.. rows]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("Kind", "ID or key", "Time", "Device", "OS", "Files", "Size");
        foreach (var s in snapshots)
        {
            table.AddRow("ferry", s.ShortId, Time(s.Snapshot.Time.UtcDateTime) + " UTC", Markup.Escape(s.Snapshot.Host), s.Snapshot.Os, Sizes.Count(s.Snapshot.Summary.Files), Sizes.Bytes(s.Snapshot.Summary.Bytes));
        }

        foreach (var f in foreign)
        {
            var kind = f.ImportedAs is null ? f.App : $"{f.App} (imported: {f.ImportedAs})";
            table.AddRow(Markup.Escape(kind), Markup.Escape(f.Key), Time(f.Time) + " local", Markup.Escape(f.Host), f.Os, "", Sizes.Bytes(f.Size));
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"{snapshots.Count} snapshots, {foreign.Count} app backups ('ferry restore KEY --to DIR' restores one, 'ferry import KEY' makes it a snapshot)");
        return ExitCodes.Success;
    }

    private static JsonObject SnapshotNode(SnapshotEntry entry)
    {
        var node = JsonSerializer.SerializeToNode(SnapshotJson.From(entry), CliJson.Default.SnapshotJson)!.AsObject();
        node.Insert(0, "kind", "snapshot");
        return node;
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>A foreign backup in <c>list --foreign --json</c>; its time is the device's clock, without a zone.</summary>
internal sealed record ForeignJson(string Kind, string Key, string App, string Host, string Device, string Os, DateTime Time, long Size, string? ImportedAs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ForeignJson))]
internal sealed partial class ForeignJsonContext : JsonSerializerContext;
