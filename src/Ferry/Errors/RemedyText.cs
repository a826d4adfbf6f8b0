namespace Ferry.Errors;

/// <summary>A line of the engine's with its next step in a front end's words.</summary>
public static class RemedyText
{
    /// <summary><paramref name="text"/>, then "; " and the <paramref name="words"/> for <paramref name="remedy"/> when there are any.</summary>
    public static string Append(string text, Remedy remedy, Func<Remedy, string?> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return remedy != Remedy.None && words(remedy) is { Length: > 0 } next ? $"{text}; {next}" : text;
    }
}
