using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Web.Security;

/// <summary>
/// The secret of one <c>ferry ui</c> run: the access token in the printed address's fragment, which
/// the page sends with every API request. Random, compared in constant time.
/// </summary>
internal sealed class AccessToken(string? token)
{
    public string Value { get; } = token ?? NewToken();

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Value), Encoding.UTF8.GetBytes(candidate));
}
