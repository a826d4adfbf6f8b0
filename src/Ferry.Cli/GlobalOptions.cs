using System.CommandLine;

namespace Ferry.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Repository = new("--repo")
    {
        Description = "Use a local folder as the repository (overrides S3 settings)",
        Recursive = true,
    };

    public static readonly Option<string?> PasswordFile = new("--password-file")
    {
        Description = "Read the repository password from this file",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print no progress and no notices, only results and errors",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print results as JSON",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Repository);
        root.Options.Add(PasswordFile);
        root.Options.Add(Quiet);
        root.Options.Add(Json);
    }
}
