using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Web.Security;

/// <summary>
/// The secrets of one <c>ferry ui</c> run: the access token in the printed URL (then in a cookie), and
/// the CSRF token the page sends with every change. Both random, both compared in constant time.
/// </summary>
internal sealed class AccessToken
{
    public AccessToken(string? token)
    {
        Value = token ?? NewToken();
        Csrf = NewToken();
    }

    public string Value { get; }

    public string Csrf { get; }

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? candidate) => Same(Value, candidate);

    public bool CsrfMatches(string? candidate) => Same(Csrf, candidate);

    private static bool Same(string expected, string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(candidate));
}
