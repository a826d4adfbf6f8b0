namespace Ferry.Cli;

/// <summary>What scripts can rely on; the README lists them under "Commands".</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The backup was stored, but some files could not be read; they are listed.</summary>
    public const int PartialBackup = 3;

    /// <summary>The restore is complete apart from entries this computer cannot hold (symbolic links where Windows forbids them); they are listed.</summary>
    public const int PartialRestore = 3;

    /// <summary>The restore completed, but some entries got other names because the target cannot hold theirs (<c>--rename-unsafe</c>); they are listed.</summary>
    public const int RestoredWithRenames = 4;

    /// <summary>For <c>ferry --help</c>.</summary>
    public const string Help = "Exit codes: 0 success, 1 failure, 2 usage error, 3 done but not everything (a backup without some unreadable files, a restore without symbolic links this computer cannot make), 4 restore completed with renamed entries (--rename-unsafe).";
}
