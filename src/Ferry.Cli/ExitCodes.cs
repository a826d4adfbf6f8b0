namespace Ferry.Cli;

/// <summary>SPEC section 2: what scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The backup was stored, but some files could not be read; they are listed.</summary>
    public const int PartialBackup = 3;

    /// <summary>The restore completed, but some entries got other names because the target cannot hold theirs (<c>--rename-unsafe</c>); they are listed.</summary>
    public const int RestoredWithRenames = 4;

    /// <summary>For <c>ferry --help</c>.</summary>
    public const string Help = "Exit codes: 0 success, 1 failure, 2 usage error, 3 backup stored but some files could not be read, 4 restore completed with renamed entries (--rename-unsafe).";
}
