using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// Who may upload: Basic auth with user name <c>__token__</c> and a password that is one of the configured API
/// tokens or a token minted by trusted publishing that has not expired. Messages as PyPI words them.
/// </summary>
internal sealed class Credentials(IEnumerable<string> apiTokens, TimeProvider time)
{
    public const string InvalidAuth = "Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.";

    public const string PasswordsRetired = "Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. " +
        "See https://pypi.org/help/#apitoken and https://pypi.org/help/#trusted-publishers";

    private readonly byte[][] apiTokens = apiTokens.Where(t => t.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();
    private readonly ConcurrentDictionary<string, DateTimeOffset> minted = new(StringComparer.Ordinal);

    /// <summary>Mints a token that uploads until <paramref name="expires"/>.</summary>
    public string Mint(DateTimeOffset expires)
    {
        var token = "pypi-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        minted[token] = expires;
        return token;
    }

    /// <summary>The credential kind (<c>api-token</c> or <c>trusted-publisher</c>), or a refusal with PyPI's message.</summary>
    public (string? Kind, string? Error) Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(header.Parameter))
            return (null, InvalidAuth);
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return (null, InvalidAuth);
        }

        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return (null, InvalidAuth);
        var user = decoded[..colon];
        var password = decoded[(colon + 1)..];
        if (user != "__token__")
            return (null, PasswordsRetired);

        var given = Encoding.UTF8.GetBytes(password);
        if (apiTokens.Any(t => CryptographicOperations.FixedTimeEquals(t, given)))
            return ("api-token", null);
        if (minted.TryGetValue(password, out var expires))
        {
            if (time.GetUtcNow() < expires)
                return ("trusted-publisher", null);
            minted.TryRemove(password, out _);
            return (null, "Invalid API Token: the token minted by trusted publishing has expired; mint a new one. See https://pypi.org/help/#invalid-auth for more information.");
        }

        return (null, InvalidAuth);
    }
}
