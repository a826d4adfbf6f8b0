namespace Ferry.Restore;

/// <summary>
/// Where a restore writes: a folder inside the staging folder, which is closed to other users (0700)
/// from its first moment. The files get their final modes as they are written, so a 0600 file must
/// not be reachable by others meanwhile; the tree itself keeps exactly the modes the restore gives it,
/// and the swap moves it out of the closed folder into place.
/// </summary>
internal static class PrivateStaging
{
    /// <summary>Creates <paramref name="staging"/> owner-only and returns the path of the tree to write inside it (not yet made).</summary>
    public static string Create(string staging)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(staging);
        }
        else
        {
            Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Path.Combine(staging, "tree");
    }
}
