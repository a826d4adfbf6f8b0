namespace Ferry.Storage;

/// <summary>Validates keys against the contract so every store rejects the same bad input.</summary>
internal static class ObjectKeys
{
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith('/') || key.EndsWith('/') || key.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid object key '{key}'", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or ".." || !segment.All(IsAllowed))
            {
                throw new ArgumentException($"invalid object key '{key}'", nameof(key));
            }
        }
    }

    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && !prefix.TrimEnd('/').All(c => c == '/' || IsAllowed(c)))
        {
            throw new ArgumentException($"invalid object prefix '{prefix}'", nameof(prefix));
        }
    }

    // Capitals are allowed for the apps' own backups beside the repository (their keys carry host
    // names such as "Anns-MacBook"); Ferry's own keys are lowercase.
    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';
}
