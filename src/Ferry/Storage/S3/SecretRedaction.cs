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
            : new StorageException(e.Message.Replace(secret, "<secret>", StringComparison.Ordinal), e.Kind, e.InnerException);
    }
}
