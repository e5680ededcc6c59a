using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Rehearsal.StandIns;

/// <summary>How the stand-in makes its tokens; the defaults are GitHub's. Tests change them to craft refused tokens.</summary>
public sealed record OidcStandInOptions
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    public required WorkflowIdentity Identity { get; init; }

    public TimeSpan Lifetime { get; init; } = DefaultLifetime;

    /// <summary>Shifts iat/nbf/exp: -10 minutes makes tokens that expired 5 minutes ago.</summary>
    public TimeSpan ClockOffset { get; init; } = TimeSpan.Zero;

    /// <summary>Put this audience into every token instead of the one asked for.</summary>
    public string? AudienceOverride { get; init; }

    /// <summary>A last change to the claims before signing.</summary>
    public Action<IDictionary<string, object>>? ChangeClaims { get; init; }
}

/// <summary>
/// A local stand-in for GitHub Actions' OIDC token endpoint: Kestrel on 127.0.0.1, one route, which requires the bearer
/// request token and answers <c>{"value": JWT}</c> with a token signed by an RSA key made for this instance, carrying
/// GitHub's claim set for <see cref="OidcStandInOptions.Identity"/> and the audience asked for. The rehearsal's local
/// index trusts <see cref="IssuerKey"/> as GitHub's key.
/// </summary>
public sealed class GitHubOidcStandIn : IAsyncDisposable
{
    public const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Route = "/_apis/actions/idtoken";

    private readonly RSA rsa;
    private OidcStandInOptions options;
    private readonly RsaSecurityKey signingKey;
    private readonly WebApplication app;
    private int issued;

    private GitHubOidcStandIn(OidcStandInOptions options, RSA rsa, WebApplication app, string requestToken)
    {
        this.options = options;
        this.rsa = rsa;
        this.app = app;
        RequestToken = requestToken;
        signingKey = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16].ToLowerInvariant() };
        IssuerKey = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = signingKey.KeyId };
    }

    /// <summary>How tokens are made from now on; tests change it between requests to craft refused tokens.</summary>
    public OidcStandInOptions Options
    {
        get => Volatile.Read(ref options);
        set => Volatile.Write(ref options, value);
    }

    /// <summary>The public half of the signing key: what the index is told to trust for <see cref="Issuer"/>.</summary>
    public SecurityKey IssuerKey { get; }

    /// <summary>The request token the job would find in ACTIONS_ID_TOKEN_REQUEST_TOKEN (random per instance).</summary>
    public string RequestToken { get; }

    /// <summary>What the job would find in ACTIONS_ID_TOKEN_REQUEST_URL.</summary>
    public string RequestUrl { get; private set; } = "";

    /// <summary>How many tokens the endpoint has handed out.</summary>
    public int TokensIssued => Volatile.Read(ref issued);

    /// <summary>The values a job with <c>id-token: write</c> on a tag push would see, handed over in-process.</summary>
    public GitHubOidcEnvironment Environment => new(RequestUrl, RequestToken, "push", Options.Identity.Repository);

    public static async Task<GitHubOidcStandIn> StartAsync(OidcStandInOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Ctrl-C and SIGTERM belong to the build engine, not to this server.
        builder.Services.AddSingleton<IHostLifetime, LeaveSignalsAlone>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var rsa = RSA.Create(2048);
        var standIn = new GitHubOidcStandIn(options, rsa, app, "rt-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        app.MapGet(Route, standIn.Answer);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address for the OIDC stand-in.");
        standIn.RequestUrl = $"http://127.0.0.1:{new Uri(address).Port}{Route}?api-version=2.0";
        return standIn;
    }

    private IResult Answer(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(authorization[7..].Trim()), System.Text.Encoding.UTF8.GetBytes(RequestToken)))
            return Results.Json(new { message = "Bad credentials" }, statusCode: StatusCodes.Status401Unauthorized);
        var audience = context.Request.Query["audience"].ToString();
        if (audience.Length == 0)
            audience = $"https://github.com/{Options.Identity.Owner}";
        Interlocked.Increment(ref issued);
        return Results.Json(new { count = 2000, value = CreateToken(audience) });
    }

    /// <summary>A token as the endpoint would hand it out for <paramref name="audience"/>.</summary>
    public string CreateToken(string audience)
    {
        var options = Options;
        var identity = options.Identity;
        var now = DateTimeOffset.UtcNow + options.ClockOffset;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["sub"] = identity.Subject,
            ["aud"] = options.AudienceOverride ?? audience,
            ["ref"] = identity.Ref,
            ["ref_type"] = identity.RefType,
            ["ref_protected"] = "true",
            ["sha"] = identity.Sha,
            ["repository"] = identity.Repository,
            ["repository_id"] = identity.RepositoryId,
            ["repository_owner"] = identity.Owner,
            ["repository_owner_id"] = identity.RepositoryOwnerId,
            ["repository_visibility"] = "public",
            ["run_id"] = "1",
            ["run_number"] = "1",
            ["run_attempt"] = "1",
            ["actor"] = identity.Owner,
            ["event_name"] = "push",
            ["workflow"] = Path.GetFileNameWithoutExtension(identity.WorkflowFile),
            ["workflow_ref"] = identity.WorkflowRef,
            ["job_workflow_ref"] = identity.WorkflowRef,
            ["runner_environment"] = "github-hosted",
        };
        if (identity.Environment.Length > 0)
            claims["environment"] = identity.Environment;
        options.ChangeClaims?.Invoke(claims);

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
            rsa.Dispose();
        }
    }

    private sealed class LeaveSignalsAlone : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
