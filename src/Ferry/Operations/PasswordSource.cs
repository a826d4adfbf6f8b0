using Ferry.Repository;

namespace Ferry.Operations;

/// <summary>
/// Where the repository password comes from: one the front end already has (settings, a file, the
/// environment), or one it asks a person for, twice when a new repository is about to be created.
/// </summary>
public sealed class PasswordSource
{
    private readonly string? _known;
    private readonly Func<bool, string>? _ask;

    private PasswordSource(string? known, Func<bool, string>? ask)
    {
        _known = known;
        _ask = ask;
    }

    /// <summary>A password the front end has; a missing one fails with <see cref="FerryRepository.MissingPassword"/>.</summary>
    public static PasswordSource Known(string? password) => new(password, null);

    /// <summary>A password asked for when needed; <paramref name="ask"/> gets <c>true</c> when it should be typed twice.</summary>
    public static PasswordSource Asked(Func<bool, string> ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        return new(null, ask);
    }

    /// <summary>True when a person is asked, so whether there is a repository decides whether to ask twice.</summary>
    internal bool AsksPerson => _ask is not null;

    /// <summary>The password; <paramref name="creating"/> asks a person to confirm it.</summary>
    internal string Get(bool creating) =>
        _known ?? _ask?.Invoke(creating) ?? throw FerryRepository.MissingPassword();
}
