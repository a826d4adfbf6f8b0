namespace Ferry.Testing;

/// <summary>A folder under the system temp folder that is removed with the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("ferry-test-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside this folder (not created).</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a read-only tree behind must not fail the run here.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
