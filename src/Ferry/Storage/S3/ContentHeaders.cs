namespace Ferry.Storage.S3;

/// <summary>What a content that wraps another needs of its headers: the same ones, and the same length.</summary>
internal static class ContentHeaders
{
    public static void Copy(HttpContent from, HttpContent to)
    {
        foreach (var (name, values) in from.Headers.NonValidated)
        {
            to.Headers.TryAddWithoutValidation(name, values);
        }
    }

    public static bool TryGetLength(HttpContent content, out long length)
    {
        length = content.Headers.ContentLength ?? 0;
        return content.Headers.ContentLength is not null;
    }
}
