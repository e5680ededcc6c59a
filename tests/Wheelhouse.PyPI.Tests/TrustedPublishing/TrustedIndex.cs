using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>
/// The real local index, trusting one publisher (octo-org/evalcheck, release.yml, environment pypi) whose OIDC issuer
/// key is the one of a GitHub stand-in; a client that records the secrets it protects.
/// </summary>
internal sealed class TrustedIndex : IAsyncDisposable
{
    public static readonly WorkflowIdentity Publisher = new("octo-org/evalcheck", "release.yml", "pypi", "refs/tags/v0.2.0");

    private readonly string storage;

    private TrustedIndex(string storage, GitHubOidcStandIn github, LocalIndexServer server)
    {
        this.storage = storage;
        GitHub = github;
        Server = server;
    }

    public GitHubOidcStandIn GitHub { get; }
    public LocalIndexServer Server { get; }
    public PackageIndex Index => Server.Index;
    public List<string> Protected { get; } = [];
    public HttpClient Http { get; } = new();

    public TrustedPublishingClient Client() =>
        new(Http, secret => { lock (Protected) Protected.Add(secret); }, new TrustedPublishingOptions { Backoff = Backoff.None });

    /// <param name="publisher">The publisher the index trusts (the stand-in keeps making tokens for <see cref="Publisher"/>); default: <see cref="Publisher"/>.</param>
    /// <param name="time">The index's clock (tests move it to expire minted tokens).</param>
    public static async Task<TrustedIndex> StartAsync(IReadOnlyList<string>? apiTokens = null, bool trustedPublishing = true, WorkflowIdentity? publisher = null, TimeProvider? time = null)
    {
        var trustedPublisher = publisher ?? Publisher;
        LogCapture.Install();
        var storage = Directory.CreateTempSubdirectory("wheelhouse-trusted-").FullName;
        var github = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Publisher });
        var server = await LocalIndexServer.StartAsync(new LocalIndexOptions
        {
            StorageDirectory = storage,
            Audience = "pypi",
            ApiTokens = apiTokens ?? [],
            TrustedPublisher = trustedPublishing
                ? new TrustedPublisherConfig(GitHubOidcStandIn.Issuer, github.IssuerKey, trustedPublisher.Repository, trustedPublisher.WorkflowFile, trustedPublisher.Environment)
                : null,
            Time = time ?? TimeProvider.System,
        });
        return new TrustedIndex(storage, github, server);
    }

    /// <summary>The stand-in makes tokens for <paramref name="identity"/> (or with other changes) from now on.</summary>
    public void Tokens(Func<OidcStandInOptions, OidcStandInOptions> change) => GitHub.Options = change(GitHub.Options);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.StopAsync();
        await GitHub.DisposeAsync();
        try
        {
            Directory.Delete(storage, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
