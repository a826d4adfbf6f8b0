namespace Ferry.Restore;

/// <summary>
/// The permission bits a restore puts on an entry. A snapshot's modes are applied as stored except
/// for the bits that hand power to others: setuid and setgid (a program run as its owner), sticky,
/// and write permission for everyone else. Those come from a backup of an app's data only by mistake,
/// or from a hostile snapshot or zip; other local users must not gain them over the restored files.
/// </summary>
internal static class RestoredMode
{
    private const int Kept = 0b111_111_101; // rwx for owner and group, r-x for others: no setuid, setgid, sticky, o+w

    public static UnixFileMode Of(int storedMode) => (UnixFileMode)(storedMode & Kept);
}
