using Microsoft.AspNetCore.Http;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>What the job lacks when GitHub gives it no OIDC token, and the index's audience answers other than 200.</summary>
public sealed class OidcPermissionTests
{
    private static readonly TrustedPublishingOptions NoWait = new() { Backoff = Backoff.None };

    private static TrustedPublishingClient Client(HttpClient http) => new(http, SecretProtection.None, NoWait);

    private static string Refusal(GitHubOidcEnvironment github)
    {
        using var http = new HttpClient();
        var act = () => Client(http).CheckCanRequestToken(github);
        return act.Should().Throw<BuildException>().Which.Message;
    }

    [Fact]
    public void Without_either_variable_the_error_says_the_job_lacks_id_token_write()
    {
        var message = Refusal(GitHubOidcEnvironment.FromVariables(new Dictionary<string, string?> { ["GITHUB_EVENT_NAME"] = "push" }));

        message.Should().Contain("ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set")
            .And.Contain("this job lacks id-token: write")
            .And.Contain("permissions:" + Environment.NewLine + "      id-token: write");
    }

    [Fact]
    public void With_one_variable_missing_the_error_names_that_one()
    {
        var message = Refusal(GitHubOidcEnvironment.FromVariables(new Dictionary<string, string?> { ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://example.invalid/x?api-version=2.0" }));

        message.Should().Contain("Here ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set").And.Contain("id-token: write");
    }

    [Fact]
    public async Task A_pull_request_from_a_fork_is_told_to_publish_on_tags()
    {
        var payload = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(payload, """
                {"pull_request": {"head": {"repo": {"full_name": "someone/evalcheck"}}, "base": {"repo": {"full_name": "evalcheck/evalcheck"}}}}
                """);
            var message = Refusal(GitHubOidcEnvironment.FromVariables(new Dictionary<string, string?>
            {
                ["GITHUB_EVENT_NAME"] = "pull_request",
                ["GITHUB_REPOSITORY"] = "evalcheck/evalcheck",
                ["GITHUB_HEAD_REF"] = "patch-1",
                ["GITHUB_EVENT_PATH"] = payload,
            }));

            message.Should().Contain("pull request from a fork").And.Contain("pull requests from forks get no OIDC token").And.Contain("publish from a workflow run on a tag push");
        }
        finally
        {
            File.Delete(payload);
        }
    }

    [Fact]
    public async Task A_pull_request_from_the_same_repository_is_told_about_the_permission()
    {
        var payload = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(payload, """
                {"pull_request": {"head": {"repo": {"full_name": "evalcheck/evalcheck"}}, "base": {"repo": {"full_name": "evalcheck/evalcheck"}}}}
                """);
            var message = Refusal(GitHubOidcEnvironment.FromVariables(new Dictionary<string, string?>
            {
                ["GITHUB_EVENT_NAME"] = "pull_request",
                ["GITHUB_REPOSITORY"] = "evalcheck/evalcheck",
                ["GITHUB_HEAD_REF"] = "patch-1",
                ["GITHUB_EVENT_PATH"] = payload,
            }));

            message.Should().Contain("lacks id-token: write").And.NotContain("fork");
        }
        finally
        {
            File.Delete(payload);
        }
    }

    [Fact]
    public void A_pull_request_whose_payload_cannot_be_read_gets_both_explanations()
    {
        var message = Refusal(GitHubOidcEnvironment.FromVariables(new Dictionary<string, string?>
        {
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_HEAD_REF"] = "patch-1",
        }));

        message.Should().Contain("pull request (branch patch-1)").And.Contain("pull requests from forks get no OIDC token").And.Contain("publish on tags").And.Contain("id-token: write");
    }

    [Fact]
    public async Task Audience_403_says_trusted_publishing_is_disabled_and_to_use_an_API_token()
    {
        await using var server = await StubHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var act = () => Client(http).GetAudienceAsync(server.Index);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("Trusted publishing is disabled on").And.Contain("_/oidc/audience answered 403 Forbidden").And.Contain("PYPI_TOKEN");
        server.Requests.Should().Equal("GET /_/oidc/audience");
    }

    [Fact]
    public async Task Audience_5xx_is_retried_then_reported()
    {
        await using var server = await StubHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var act = () => Client(http).GetAudienceAsync(server.Index);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("Could not learn").And.Contain("502").And.Contain("3 times");
        server.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task The_token_request_asks_for_the_audience_with_the_bearer_request_token()
    {
        string? authorization = null;
        await using var github = await StubHttpServer.StartAsync(async context =>
        {
            authorization = context.Request.Headers.Authorization.ToString();
            await context.Response.WriteAsync("""{"count": 1, "value": "header.payload.signature"}""");
        });
        var protectedSecrets = new List<string>();
        using var http = new HttpClient();
        var client = new TrustedPublishingClient(http, protectedSecrets.Add, NoWait);

        var jwt = await client.GetOidcTokenAsync(new GitHubOidcEnvironment(new Uri(github.BaseAddress, "token?api-version=2.0").ToString(), "request-token-1"), "pypi");

        jwt.Should().Be("header.payload.signature");
        github.Requests.Should().Equal("GET /token?api-version=2.0&audience=pypi");
        authorization.Should().Be("bearer request-token-1");
        protectedSecrets.Should().Equal("request-token-1", "header.payload.signature");
    }

    [Fact]
    public void The_environment_record_never_prints_the_request_token()
    {
        var github = new GitHubOidcEnvironment("https://example.invalid/?x=1", "super-secret-request-token");

        github.ToString().Should().NotContain("super-secret-request-token");
        new MintedToken("pypi-minted-secret", null).ToString().Should().NotContain("pypi-minted-secret");
    }
}
