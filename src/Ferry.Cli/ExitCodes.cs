namespace Ferry.Cli;

/// <summary>SPEC section 2: what scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The backup was stored, but some files could not be read; they are listed.</summary>
    public const int PartialBackup = 3;

    /// <summary>The restore is complete apart from entries this computer cannot hold (symbolic links where Windows forbids them); they are listed.</summary>
    public const int PartialRestore = 3;
}
