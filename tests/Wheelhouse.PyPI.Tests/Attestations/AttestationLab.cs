using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.Rehearsal.StandIns;

namespace Wheelhouse.PyPI.Tests.Attestations;

/// <summary>
/// The rehearsal's signing setup for tests: GitHub's OIDC token endpoint played by <see cref="GitHubOidcStandIn"/>, a
/// <see cref="FulcioStandIn"/> that trusts it, and a local index configured with the publisher and the CA. Signs files
/// as the release workflow's signing step does, or crafts attestations with any statement or claims.
/// </summary>
internal sealed class AttestationLab : IAsyncDisposable
{
    public static readonly WorkflowIdentity DefaultIdentity = new("octo-org/demo-pkg", "release.yml", "pypi", "refs/tags/v1.0.0");

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private AttestationLab(GitHubOidcStandIn github, WorkflowIdentity identity)
    {
        GitHub = github;
        Identity = identity;
        Fulcio = FulcioStandIn.Create(github.IssuerKey);
    }

    public GitHubOidcStandIn GitHub { get; }
    public FulcioStandIn Fulcio { get; }
    public WorkflowIdentity Identity { get; }

    public TrustedPublisherConfig Publisher => new(GitHubOidcStandIn.Issuer, GitHub.IssuerKey, Identity.Repository, Identity.WorkflowFile, Identity.Environment);

    public static async Task<AttestationLab> StartAsync(WorkflowIdentity? identity = null)
    {
        identity ??= DefaultIdentity;
        return new AttestationLab(await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = identity }), identity);
    }

    /// <summary>The options of a local index that trusts this publisher and CA (and the test API token).</summary>
    public LocalIndexOptions Configure(LocalIndexOptions options) => options with { TrustedPublisher = Publisher, AttestationTrust = Fulcio.TrustRoot };

    /// <summary>A token minted by the index for this publisher (trusted publishing).</summary>
    public async Task<string> MintAsync(PackageIndex index)
    {
        var client = new Wheelhouse.PyPI.TrustedPublishing.TrustedPublishingClient(http, Wheelhouse.PyPI.TrustedPublishing.SecretProtection.None);
        return (await client.ExchangeAsync(index, GitHub.Environment, CancellationToken.None)).Token;
    }

    /// <summary>Signs each file as the signing step does: <c>&lt;file&gt;.publish.attestation</c> beside it.</summary>
    public Task<IReadOnlyList<string>> SignAsync(params string[] files) => RehearsalSigner.SignAsync(files, GitHub.Environment, Fulcio, http);

    /// <summary>
    /// An attestation over <paramref name="statement"/>, its certificate issued by <paramref name="ca"/> (this lab's by
    /// default) from a token whose claims <paramref name="claims"/> may change, logged at <paramref name="loggedAt"/>.
    /// </summary>
    public async Task<JsonObject> CraftAsync(byte[] statement, Action<IDictionary<string, object>>? claims = null, FulcioStandIn? ca = null, DateTimeOffset? loggedAt = null)
    {
        var options = GitHub.Options;
        GitHub.Options = options with { ChangeClaims = claims };
        string token;
        try
        {
            token = GitHub.CreateToken(FulcioStandIn.Audience);
        }
        finally
        {
            GitHub.Options = options;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = await (ca ?? Fulcio).IssueAsync(token, key);
        return RehearsalSigner.Attest(statement, key, certificate, loggedAt ?? DateTimeOffset.UtcNow, 0).ToJson();
    }

    /// <summary>A statement of any subjects and predicate type.</summary>
    public static byte[] Statement(IEnumerable<(string Name, string Sha256)> subjects, string predicateType = PredicateTypes.Publish) =>
        System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["_type"] = InTotoStatement.TypeV1,
            ["subject"] = new JsonArray(subjects.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["digest"] = new JsonObject { ["sha256"] = s.Sha256 } }).ToArray()),
            ["predicateType"] = predicateType,
            ["predicate"] = null,
        }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        Fulcio.Dispose();
        await GitHub.DisposeAsync();
    }
}
