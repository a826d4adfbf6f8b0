using System.Globalization;

namespace Ferry.Repository.Crypto;

/// <summary>
/// The floor for the password of a new repository. Whoever gets a copy of the bucket (the provider, a
/// leaked access key) can try passwords against a key file offline, as fast as Argon2 allows, forever:
/// only the password's length stops them. At least 12 characters, at least 5 of them different, so
/// "password1234" passes only with more to it, and "aaaaaaaaaaaa" or "121212121212" never. Existing
/// repositories keep opening with whatever password made them; only new keys are held to this.
/// </summary>
public static class PasswordStrength
{
    /// <summary>The fewest characters a new repository's password may have.</summary>
    public const int MinLength = 12;

    /// <summary>The fewest different characters it may have.</summary>
    public const int MinDistinct = 5;

    /// <summary>Why the password is too weak for a new repository, or null when it is strong enough.</summary>
    public static string? Weakness(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var length = new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
        {
            return $"the password has {length} characters; a new repository needs at least {MinLength}";
        }

        var distinct = password.Distinct().Count();
        return distinct < MinDistinct ? $"the password repeats {distinct} characters; a new repository needs at least {MinDistinct} different ones" : null;
    }

    /// <summary>Throws a one-line error that says what to do when <paramref name="password"/> may not protect a new repository.</summary>
    public static void EnsureStrongForNewRepository(string password)
    {
        if (Weakness(password) is { } why)
        {
            throw new Errors.FerryException($"{why} (a few unrelated words are easy to remember): anyone with a copy of the bucket can try passwords offline; nothing was created");
        }
    }
}
