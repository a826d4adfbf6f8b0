namespace Ferry.Testing;

/// <summary>The repository these tests were built from: its sources, scripts and docs.</summary>
public static class SourceTree
{
    /// <summary>The folder holding Ferry.slnx, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ferry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Ferry.slnx) above the test binaries");
    }
}
