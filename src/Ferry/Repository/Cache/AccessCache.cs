using System.Security.Cryptography;
using System.Text;
using Ferry.LocalFiles;

namespace Ferry.Repository.Cache;

/// <summary>What opened a repository: the key file the password unwrapped (still wrapped) and the stored bytes of <c>config</c>.</summary>
internal sealed record CachedAccess(string KeyName, byte[] KeyFile, byte[] SealedConfig);

/// <summary>
/// Per repository location (endpoint, bucket, root path), the key file and config this device opened
/// it with last time. The next command then needs none of the three requests, one after another,
/// that find them (list <c>keys/</c>, get the key, get <c>config</c>): it unwraps the key here and
/// confirms, alongside its own first requests, that <c>config</c> in the bucket is still exactly these
/// bytes (<see cref="AccessCheckedStore"/>). Nothing here is more secret than the bucket's own objects
/// (the key file is wrapped by the password); the file is private to its owner all the same. Best
/// effort: an entry that cannot be read or written only costs those requests.
/// </summary>
internal sealed class AccessCache(string directory, string location)
{
    private const string Header = "ferry access 1";

    private readonly string _path = Path.Combine(directory, "access", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(location)))[..32]);

    public CachedAccess? TryRead()
    {
        try
        {
            var lines = File.ReadAllLines(_path);
            return lines.Length == 4 && lines[0] == Header
                ? new CachedAccess(lines[1], Convert.FromBase64String(lines[2]), Convert.FromBase64String(lines[3]))
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public void Write(CachedAccess access)
    {
        try
        {
            PrivateFile.Write(_path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.Write($"{Header}\n{access.KeyName}\n{Convert.ToBase64String(access.KeyFile)}\n{Convert.ToBase64String(access.SealedConfig)}\n");
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next command simply finds the key in the bucket again.
        }
    }

    /// <summary>Drops the entry: the bucket no longer holds the repository it describes.</summary>
    public void Forget()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
