namespace Ferry.Storage.S3;

/// <summary>
/// Defence in depth for messages: whatever a provider echoes back or a user pastes into the wrong
/// field, the secret access key never leaves in a <see cref="StorageException"/> message.
/// </summary>
internal static class SecretRedaction
{
    public static StorageException Redact(StorageException e, string secret)
    {
        return secret.Length == 0 || e is ObjectNotFoundException || !e.Message.Contains(secret, StringComparison.Ordinal)
            ? e
            : new StorageException(Redact(e.Message, secret), e.Kind, e.InnerException) { Silence = e.Silence };
    }

    /// <summary><paramref name="text"/> with every occurrence of <paramref name="secret"/> replaced by <c>&lt;secret&gt;</c>.</summary>
    public static string Redact(string text, string secret) =>
        secret.Length > 0 ? text.Replace(secret, "<secret>", StringComparison.Ordinal) : text;
}
