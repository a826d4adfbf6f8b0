namespace Ferry.Repository.Snapshots;

/// <summary>
/// How deep folders may nest in a snapshot or an app's zip. Trees come from the bucket: a hostile
/// device can chain a hundred thousand of them. Deeper than this no path could be written anyway
/// (macOS names at most 1,024 bytes, Linux 4,096: with the shortest names, 2,048 levels), so it is refused as damage.
/// </summary>
internal static class TreeDepth
{
    public const int Max = 1024;

    /// <summary>
    /// Whether a backup leaves out the folder at <paramref name="relativePath"/> ('/'-separated below
    /// its source): its tree would nest deeper than any restore writes back. The walk reports it; the
    /// read-ahead does not descend into it.
    /// </summary>
    public static bool TooDeepToBackUp(string relativePath) => relativePath.Count(c => c == '/') >= Max - 2;

    /// <summary>
    /// Called on the way down a recursive walk: refuses nesting deeper than <see cref="Max"/>, and every
    /// few levels continues on a fresh stack, since trees read from memory complete synchronously and
    /// would otherwise recurse on one thread's stack.
    /// </summary>
    public static async ValueTask EnterAsync(int depth, string what)
    {
        if (depth > Max)
        {
            throw new CorruptDataException($"{what} nests folders more than {Max} levels deep: it is damaged or was not written by Ferry");
        }

        if (depth % 32 == 0)
        {
            await Task.Yield();
        }
    }
}
