using Serilog;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// Upload credentials from trusted publishing that outlive the 15 minutes of one minted token: before each request
/// the token is renewed (a fresh GitHub OIDC token, a new mint) when less than <see cref="RenewBefore"/> remains, as
/// twine 6.2 does, and once more when the index refuses it as expired (a clock that disagrees with the index's).
/// Without renewal a long upload ends with half a release (pypa/gh-action-pypi-publish#307, pypa/twine#1246).
/// Every token is protected by the client the moment it arrives; this class keeps them only to scrub them from texts.
/// </summary>
public sealed class MintedTokenSource : IUploadCredentialSource
{
    /// <summary>Renew when less than this remains (twine 6.2: 5 minutes of the 15).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime assumed when the index does not say when its token expires (PyPI's tokens last 900 s).</summary>
    public static readonly TimeSpan AssumedLifetime = TimeSpan.FromSeconds(900);

    private readonly TrustedPublishingClient client;
    private readonly PackageIndex index;
    private readonly GitHubOidcEnvironment github;
    private readonly TimeProvider time;
    private readonly string? project;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<UploadCredentials> handedOut = [];
    private string? audience;
    private Current? current;

    /// <param name="time">The clock the expiry is judged by (tests move it; the index's token carries its own expiry).</param>
    /// <param name="project">The project being published, named in the advice when the index refuses a mint.</param>
    public MintedTokenSource(TrustedPublishingClient client, PackageIndex index, GitHubOidcEnvironment github, TimeProvider? time = null, string? project = null)
    {
        this.client = client;
        this.index = index;
        this.github = github;
        this.time = time ?? TimeProvider.System;
        this.project = project;
    }

    /// <summary>How many tokens were minted so far.</summary>
    public int Mints { get; private set; }

    public string Username => UploadCredentials.TokenUsername;

    public bool IsToken => true;

    public bool CanRenew => true;

    /// <summary>The token in use, minted on the first call and renewed when less than <see cref="RenewBefore"/> of it remains.</summary>
    public async ValueTask<UploadCredentials> CurrentAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (current is { } token && token.Expires - now > RenewBefore)
                return token.Credentials;
            if (current is { } old)
                Log.Information("Trusted publishing to {Index}: the upload token has {Left} left (renewed under {Threshold} min); minting a fresh one",
                    index.Name, Left(old.Expires - now), RenewBefore.TotalMinutes);
            return await MintAsync(afterExpiry: false, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The index refused <paramref name="refused"/> as expired. A token minted because of such a refusal is not renewed
    /// again (a second refusal means the clocks disagree by more than a token lives, and more mints would not help).
    /// </summary>
    public async ValueTask<UploadCredentials?> RenewExpiredAsync(UploadCredentials refused, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } token && !ReferenceEquals(token.Credentials, refused))
                return token.Credentials; // renewed meanwhile
            if (current is { AfterExpiry: true })
                return null;
            Log.Warning("Trusted publishing to {Index}: the index says the upload token expired although this machine's clock gives it {Left}; minting a fresh one once",
                index.Name, current is { } c ? Left(c.Expires - time.GetUtcNow()) : "?");
            return await MintAsync(afterExpiry: true, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public string Scrub(string text)
    {
        lock (handedOut)
        {
            foreach (var credentials in handedOut)
                text = credentials.Scrub(text);
        }

        return text;
    }

    private async Task<UploadCredentials> MintAsync(bool afterExpiry, CancellationToken cancellationToken)
    {
        if (audience is null)
        {
            client.CheckCanPublish(github, index);
            audience = await client.GetAudienceAsync(index, cancellationToken);
            Log.Information("Trusted publishing to {Index}: audience {Audience}", index.Name, audience);
        }

        var minted = await client.MintWithFreshTokenAsync(index, github, audience, project, cancellationToken);
        var credentials = UploadCredentials.ForToken(minted.Token);
        lock (handedOut)
            handedOut.Add(credentials);
        Mints++;
        current = new Current(credentials, minted.Expires ?? time.GetUtcNow() + AssumedLifetime, afterExpiry);
        return credentials;
    }

    private static string Left(TimeSpan left) =>
        left <= TimeSpan.Zero ? "no time" : left.TotalMinutes >= 1 ? $"{left.TotalMinutes:0.#} min" : $"{left.TotalSeconds:0} s";

    private sealed record Current(UploadCredentials Credentials, DateTimeOffset Expires, bool AfterExpiry);
}
