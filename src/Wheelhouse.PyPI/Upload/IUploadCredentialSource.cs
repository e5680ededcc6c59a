namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// Where the uploader gets the credentials of each request. An API token never changes (<see cref="UploadCredentials"/>
/// is its own source); a token minted by trusted publishing lives 15 minutes, so its source renews it before it runs
/// out and once when the index says it expired (<see cref="TrustedPublishing.MintedTokenSource"/>). Every password a
/// source hands out is a secret: <see cref="Scrub"/> removes each of them from a text.
/// </summary>
public interface IUploadCredentialSource
{
    /// <summary>The user name, for log lines (never the password).</summary>
    string Username { get; }

    /// <summary>True for API tokens and minted tokens (user name <c>__token__</c>).</summary>
    bool IsToken { get; }

    /// <summary>True when a token the index refused as expired can be replaced by a fresh one (trusted publishing).</summary>
    bool CanRenew { get; }

    /// <summary>The credentials for the next request, renewed first when they are about to expire.</summary>
    ValueTask<UploadCredentials> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>The index refused <paramref name="refused"/> as expired: fresh credentials, or null when no fresh ones can be had.</summary>
    ValueTask<UploadCredentials?> RenewExpiredAsync(UploadCredentials refused, CancellationToken cancellationToken);

    /// <summary>Replaces every password this source handed out (and its Basic-auth form) with ***.</summary>
    string Scrub(string text);
}
