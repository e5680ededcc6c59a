namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// A short-lived upload token minted by an index for a trusted publisher, used as the password of <c>__token__</c>.
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed class MintedToken(string token, DateTimeOffset? expires)
{
    public string Token { get; } = token;

    /// <summary>When the index says the token stops working (about 15 minutes on PyPI).</summary>
    public DateTimeOffset? Expires { get; } = expires;

    public override string ToString() => Expires is { } e ? $"upload token (***), valid until {e.UtcDateTime:HH:mm:ss} UTC" : "upload token (***)";
}
