using Ferry.Repository;
using Ferry.Storage.Local;
using Ferry.Testing;

namespace Ferry.Tests.Repository.FormatV1;

/// <summary>
/// A private copy of the committed format v1 repository (tests/Fixtures/format-v1). Every command
/// may write into a repository (a lock, an index for packs it found), so tests never use the
/// committed folder itself.
/// </summary>
internal sealed class FormatV1Fixture : IDisposable
{
    /// <summary>The fixture's password: a test password, nothing else uses it.</summary>
    public const string Password = "ferry format v1 fixture password";

    /// <summary>Where the build copies tests/Fixtures/format-v1.</summary>
    public static readonly string Committed = Path.Combine(AppContext.BaseDirectory, "Fixtures", "format-v1");

    private static readonly Lazy<FormatV1Manifest> CommittedManifest = new(() => FormatV1Manifest.Read(Path.Combine(Committed, "manifest.json")));

    /// <summary>What the committed fixture holds, as recorded when it was made.</summary>
    public static FormatV1Manifest Manifest => CommittedManifest.Value;

    private readonly TempFolder _temp = new();

    /// <param name="fixture">A folder holding <c>repository/</c>: the committed fixture unless a test made its own.</param>
    public FormatV1Fixture(string? fixture = null)
    {
        Repository = _temp.Sub("repository");
        var committed = Path.Combine(fixture ?? Committed, "repository");
        foreach (var file in Directory.EnumerateFiles(committed, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(Repository, Path.GetRelativePath(committed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>The copy of the repository folder.</summary>
    public string Repository { get; }

    /// <summary>A path in this test's own temporary folder (not created).</summary>
    public string Sub(string name) => _temp.Sub(name);

    public Task<FerryRepository> OpenAsync(TimeProvider? time = null) =>
        FerryRepository.OpenAsync(new LocalObjectStore(Repository), Password, time ?? TimeProvider.System, CancellationToken.None);

    public void Dispose() => _temp.Dispose();
}
