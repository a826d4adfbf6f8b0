using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ferry.Errors;

namespace Ferry.Apps;

/// <summary>One preset as its JSON file states it (docs/APPS.md), before <c>extends</c> is applied.</summary>
internal sealed partial record PresetFile
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>Another preset whose excludes, lite excludes and lock files this one adds to.</summary>
    public string? Extends { get; init; }

    public Dictionary<string, string>? DataFolder { get; init; }

    public List<string>? Excludes { get; init; }

    public List<string>? LiteExcludes { get; init; }

    public List<string>? LockFiles { get; init; }

    public List<string>? Processes { get; init; }

    private static readonly string[] Oses = ["linux", "macos", "windows"];

    /// <summary>Parses and checks a preset file; every mistake is a one-line message naming the file.</summary>
    public static PresetFile Parse(ReadOnlySpan<byte> json, string source)
    {
        PresetFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, PresetJson.Default.PresetFile);
        }
        catch (JsonException e)
        {
            throw new FerryException($"the app preset {source} is not valid: {e.Message}", e);
        }

        if (file is null || string.IsNullOrEmpty(file.Name) || !ValidName().IsMatch(file.Name))
        {
            throw new FerryException($"the app preset {source} needs a \"name\" of lowercase letters, digits and '-'");
        }

        if (file.DataFolder?.Keys.FirstOrDefault(k => !Oses.Contains(k)) is { } os)
        {
            throw new FerryException($"the app preset {source} names an unknown OS '{os}' in \"data_folder\": use linux, macos or windows");
        }

        var patterns = (file.Excludes ?? []).Concat(file.LiteExcludes ?? []).Concat(file.LockFiles ?? []);
        if (patterns.FirstOrDefault(p => p.Trim('/').Length == 0 || p.Contains("..", StringComparison.Ordinal)) is { } bad)
        {
            throw new FerryException($"the app preset {source} has the pattern '{bad}': patterns are names or paths inside the data folder");
        }

        return file;
    }

    public AppPreset ToPreset(PresetFile? parent, bool builtIn) => new()
    {
        Name = Name!,
        DisplayName = DisplayName ?? Name!,
        Description = Description ?? "",
        DataFolders = DataFolder ?? [],
        Excludes = Merge(parent?.Excludes, Excludes),
        LiteExcludes = Merge(parent?.LiteExcludes, LiteExcludes),
        LockFiles = Merge(parent?.LockFiles, LockFiles),
        ProcessNames = Processes ?? [],
        IsBuiltIn = builtIn,
    };

    private static List<string> Merge(List<string>? inherited, List<string>? own) =>
        [.. (inherited ?? []).Concat(own ?? []).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ValidName();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PresetFile))]
internal sealed partial class PresetJson : JsonSerializerContext;
