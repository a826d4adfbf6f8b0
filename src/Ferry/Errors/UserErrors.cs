namespace Ferry.Errors;

/// <summary>
/// Which failures a person can act on, and how a bug reads. Every front end (the CLI, the page, its
/// operations, scheduled backups) sorts failures the same way: a <see cref="FerryException"/> or a
/// local file's failure is shown as it is, anything else is a bug to report, still in one line.
/// </summary>
public static class UserErrors
{
    /// <summary>Whether <paramref name="e"/>'s message already says what went wrong and what to do.</summary>
    public static bool Is(Exception e) => e is FerryException || LocalFileErrors.Is(e);

    /// <summary>
    /// A user error's message with its <see cref="Remedy"/> in the front end's <paramref name="words"/>
    /// ("; " and the words, when there are any).
    /// </summary>
    public static string Describe(Exception e, Func<Remedy, string?> words)
    {
        ArgumentNullException.ThrowIfNull(e);
        return RemedyText.Append(e.Message, (e as FerryException)?.Remedy ?? Remedy.None, words);
    }

    /// <summary>A bug's one line: its type to report, its message, and the request to report it.</summary>
    public static string Unexpected(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"unexpected error ({e.GetType().Name}): {e.Message} — please report this";
    }
}
