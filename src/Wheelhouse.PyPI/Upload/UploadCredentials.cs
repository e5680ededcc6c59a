using System.Text;

namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// Basic-auth credentials for an index's upload API: <c>__token__</c> and an API token (or a token minted by
/// trusted publishing), or a user name and password. The password is a secret: it is only ever put in the
/// Authorization header of requests to the upload URL's own scheme, host and port; <see cref="ToString"/>
/// and every message show it as ***.
/// </summary>
public sealed record UploadCredentials(string Username, string Password) : IUploadCredentialSource
{
    /// <summary>The user name PyPI expects with an API token.</summary>
    public const string TokenUsername = "__token__";

    /// <summary>Credentials for an API token or a minted trusted-publishing token.</summary>
    public static UploadCredentials ForToken(string token) => new(TokenUsername, token);

    public bool IsToken => Username == TokenUsername;

    /// <summary>The value of the Basic Authorization header (base64 of user:password). A secret as well.</summary>
    internal string BasicParameter => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>A fixed password is never renewed.</summary>
    public bool CanRenew => false;

    public ValueTask<UploadCredentials> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(this);

    public ValueTask<UploadCredentials?> RenewExpiredAsync(UploadCredentials refused, CancellationToken cancellationToken) => ValueTask.FromResult<UploadCredentials?>(null);

    /// <summary>Replaces the password, and its base64 form in a Basic header, with *** (server answers may echo a request back).</summary>
    public string Scrub(string text)
    {
        if (Password.Length > 0)
            text = text.Replace(Password, "***", StringComparison.Ordinal);
        return text.Replace(BasicParameter, "***", StringComparison.Ordinal);
    }

    // A record prints every property by default; this one must never print the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username).Append(", Password = ***");
        return true;
    }
}
