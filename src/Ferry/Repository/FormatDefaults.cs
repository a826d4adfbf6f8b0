namespace Ferry.Repository;

/// <summary>
/// Sizes chosen for app data (a few hundred MB to a few GB, many small files, databases patched in
/// place). See docs/FORMAT.md for the reasoning.
/// </summary>
internal static class FormatDefaults
{
    /// <summary>Chunks average 256 KiB: a 64 KiB patch inside a database re-uploads about a quarter MiB, not a whole file.</summary>
    public const int ChunkerMin = 64 * 1024;
    public const int ChunkerAvg = 256 * 1024;
    public const int ChunkerMax = 1024 * 1024;

    /// <summary>Packs of 8 MiB: few requests, and upload buffers stay small enough to beat restic on memory.</summary>
    public const int PackSize = 8 * 1024 * 1024;
}
