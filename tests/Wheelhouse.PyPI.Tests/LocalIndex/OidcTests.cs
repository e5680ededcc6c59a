using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wheelhouse.PyPI.LocalIndex;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>Trusted publishing: the audience, minting a token from a GitHub-like JWT, and PyPI's 422 codes.</summary>
public sealed class OidcTests
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private static readonly TrustedPublisherConfig Publisher = new(Issuer, Key, "evalcheck/evalcheck", "release.yml", "pypi");

    private static Task<TestIndex> StartAsync(TrustedPublisherConfig? publisher = null, TimeProvider? time = null) =>
        TestIndex.StartAsync(o => o with { TrustedPublisher = publisher ?? Publisher, Time = time ?? TimeProvider.System });

    /// <summary>The claims GitHub puts in an Actions OIDC token for a tag push of release.yml in the pypi environment.</summary>
    internal static Dictionary<string, object> GitHubClaims(string repository = "evalcheck/evalcheck", string workflow = "release.yml", string? environment = "pypi")
    {
        var claims = new Dictionary<string, object>
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["sub"] = $"repo:{repository}:environment:{environment}",
            ["repository"] = repository,
            ["repository_owner"] = repository.Split('/')[0],
            ["repository_owner_id"] = "123456",
            ["repository_id"] = "654321",
            ["ref"] = "refs/tags/v0.2.0",
            ["ref_type"] = "tag",
            ["sha"] = "0123456789abcdef0123456789abcdef01234567",
            ["workflow_ref"] = $"{repository}/.github/workflows/{workflow}@refs/tags/v0.2.0",
            ["job_workflow_ref"] = $"{repository}/.github/workflows/{workflow}@refs/tags/v0.2.0",
            ["event_name"] = "push",
            ["runner_environment"] = "github-hosted",
        };
        if (environment != null)
            claims["environment"] = environment;
        return claims;
    }

    internal static string Jwt(Dictionary<string, object> claims, string audience = "pypi", SecurityKey? key = null, string issuer = Issuer,
        DateTime? expires = null, DateTime? notBefore = null, DateTime? issuedAt = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = issuedAt ?? now,
            NotBefore = notBefore ?? now.AddSeconds(-5),
            Expires = expires ?? now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> MintAsync(TestIndex index, string body)
    {
        using var client = index.Client();
        using var response = await client.PostAsync(index.Server.Index.OidcMintTokenUrl, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> MintAsync(TestIndex index, string jwt, bool asJwt) =>
        MintAsync(index, JsonSerializer.Serialize(new { token = jwt }));

    private static void ShouldFail((HttpStatusCode Status, JsonElement Body) answer, string code, string? description = null)
    {
        ((int)answer.Status).Should().Be(422);
        answer.Body.GetProperty("message").GetString().Should().Be("Token request failed");
        var error = answer.Body.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("code").GetString().Should().Be(code);
        if (description != null)
            error.GetProperty("description").GetString().Should().Be(description);
    }

    [Fact]
    public async Task The_audience_is_served_when_trusted_publishing_is_configured()
    {
        await using var index = await StartAsync();
        using var client = index.Client();

        var audience = await client.GetFromJsonAsync<JsonElement>(index.Server.Index.OidcAudienceUrl);

        audience.GetProperty("audience").GetString().Should().Be("pypi");
    }

    [Fact]
    public async Task Without_trusted_publishing_the_audience_is_404_and_minting_is_not_enabled()
    {
        await using var index = await TestIndex.StartAsync();
        using var client = index.Client();

        (await client.GetAsync(index.Server.Index.OidcAudienceUrl)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        ShouldFail(await MintAsync(index, Jwt(GitHubClaims()), asJwt: true), "not-enabled");
    }

    [Fact]
    public async Task A_valid_token_mints_an_upload_token_that_works_until_it_expires()
    {
        var time = new MovableTime();
        await using var index = await StartAsync(time: time);

        var answer = await MintAsync(index, Jwt(GitHubClaims()), asJwt: true);

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Body.GetProperty("success").GetBoolean().Should().BeTrue();
        var token = answer.Body.GetProperty("token").GetString()!;
        token.Should().StartWith("pypi-");
        answer.Body.GetProperty("expires").GetInt64().Should().BeCloseTo(time.GetUtcNow().ToUnixTimeSeconds() + 900, 5);

        var upload = await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("evalcheck", "0.2.0"), password: token));
        upload.Status.Should().Be(HttpStatusCode.OK, upload.Reason);
        index.Server.Uploads.Single().Credential.Should().Be("trusted-publisher");

        time.Advance(TimeSpan.FromSeconds(901));
        var late = await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("evalcheck", "0.2.0"), password: token));
        late.Status.Should().Be(HttpStatusCode.Forbidden);
        late.Reason.Should().Contain("expired");
    }

    [Fact]
    public async Task A_token_is_used_once()
    {
        await using var index = await StartAsync();
        var jwt = Jwt(GitHubClaims());
        (await MintAsync(index, jwt, asJwt: true)).Status.Should().Be(HttpStatusCode.OK);

        ShouldFail(await MintAsync(index, jwt, asJwt: true), "invalid-reuse-token", "invalid token: already used");
    }

    [Fact]
    public async Task The_environment_compares_without_case()
    {
        await using var index = await StartAsync();

        (await MintAsync(index, Jwt(GitHubClaims(environment: "PyPI")), asJwt: true)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_publisher_without_environment_accepts_any()
    {
        await using var index = await StartAsync(Publisher with { Environment = null });

        (await MintAsync(index, Jwt(GitHubClaims(environment: null)), asJwt: true)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("not json", "invalid-payload")]
    [InlineData("{}", "invalid-payload")]
    [InlineData("{\"token\": 5}", "invalid-payload")]
    [InlineData("{\"token\": \"not.a.jwt\"}", "invalid-payload")]
    public async Task A_bad_payload_is_invalid_payload(string body, string code)
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, body), code);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_invalid_payload_as_PyPI_answers()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(), issuer: "https://elsewhere.example"), asJwt: true), "invalid-payload", "unknown trusted publishing issuer");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_invalid_token()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(), key: new RsaSecurityKey(RSA.Create(2048))), asJwt: true), "invalid-token", "malformed or invalid token");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_invalid_token()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(), audience: "testpypi"), asJwt: true), "invalid-token");
    }

    [Fact]
    public async Task An_expired_token_is_invalid_token()
    {
        await using var index = await StartAsync();
        var past = DateTime.UtcNow.AddMinutes(-10);

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(), issuedAt: past, notBefore: past, expires: past.AddMinutes(5)), asJwt: true), "invalid-token");
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_invalid_token()
    {
        await using var index = await StartAsync();
        var future = DateTime.UtcNow.AddMinutes(10);

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(), issuedAt: future, notBefore: future, expires: future.AddMinutes(5)), asJwt: true), "invalid-token");
    }

    [Fact]
    public async Task Another_repository_is_invalid_publisher_naming_the_claim()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(repository: "someone/fork")), asJwt: true), "invalid-publisher",
            "valid token, but no corresponding publisher (Check failed for required claim 'sub')");
    }

    [Fact]
    public async Task A_renamed_workflow_is_invalid_publisher_naming_job_workflow_ref()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(workflow: "publish.yml")), asJwt: true), "invalid-publisher",
            "valid token, but no corresponding publisher (The job_workflow_ref claim does not match, expecting one of " +
            "['evalcheck/evalcheck/.github/workflows/release.yml@0123456789abcdef0123456789abcdef01234567', " +
            "'evalcheck/evalcheck/.github/workflows/release.yml@refs/tags/v0.2.0'], " +
            "got 'evalcheck/evalcheck/.github/workflows/publish.yml@refs/tags/v0.2.0')");
    }

    [Fact]
    public async Task A_reusable_workflow_is_invalid_publisher_because_job_workflow_ref_names_the_called_workflow()
    {
        await using var index = await StartAsync();
        var claims = GitHubClaims();
        claims["job_workflow_ref"] = "evalcheck/shared/.github/workflows/publish.yml@refs/heads/main";

        var answer = await MintAsync(index, Jwt(claims), asJwt: true);

        ShouldFail(answer, "invalid-publisher");
        answer.Body.GetProperty("errors")[0].GetProperty("description").GetString().Should().Contain("job_workflow_ref");
    }

    [Fact]
    public async Task Another_environment_is_invalid_publisher()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(environment: "testpypi")), asJwt: true), "invalid-publisher",
            "valid token, but no corresponding publisher (Check failed for optional claim 'environment')");
    }

    [Fact]
    public async Task No_environment_when_the_publisher_has_one_is_invalid_publisher()
    {
        await using var index = await StartAsync();

        ShouldFail(await MintAsync(index, Jwt(GitHubClaims(environment: null)), asJwt: true), "invalid-publisher",
            "valid token, but no corresponding publisher (Check failed for optional claim 'environment')");
    }

    [Fact]
    public async Task A_missing_claim_is_invalid_publisher_naming_it()
    {
        await using var index = await StartAsync();
        var claims = GitHubClaims();
        claims.Remove("sha");

        ShouldFail(await MintAsync(index, Jwt(claims), asJwt: true), "invalid-publisher", "valid token, but no corresponding publisher (Missing claim 'sha')");
    }

    [Fact]
    public async Task A_refused_token_can_still_be_used_once_the_publisher_matches()
    {
        // warehouse remembers a jti only after minting: a token refused for its claims is not used up.
        var claims = GitHubClaims(environment: "testpypi");
        await using (var strict = await StartAsync())
            ShouldFail(await MintAsync(strict, Jwt(claims), asJwt: true), "invalid-publisher");
        await using var lenient = await StartAsync(Publisher with { Environment = null });

        (await MintAsync(lenient, Jwt(claims), asJwt: true)).Status.Should().Be(HttpStatusCode.OK);
    }

    private sealed class MovableTime : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
