using Ferry.Errors;

namespace Ferry.Configuration;

/// <summary>
/// Finds the password: the higher-precedence source wins; at the same level a password beats a
/// password file. Returns null when none is configured (the CLI may then ask on a terminal).
/// </summary>
public static class PasswordReader
{
    /// <summary>The password from the settings or the password file, or null when neither gives one.</summary>
    public static string? Read(ResolvedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var literal = settings.Password;
        var file = settings.PasswordFile;
        if (literal.HasValue && literal.Source >= file.Source)
        {
            return literal.Value;
        }

        if (!file.HasValue)
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(file.Value!);
            var password = text.TrimEnd('\r', '\n');
            return password.Length > 0 ? password : throw new FerryException($"the password file {file.Value} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FerryException($"cannot read the password file {file.Value}: {e.Message}", e);
        }
    }
}
