using Wheelhouse.Engine;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>The whole exchange against the real local index, and each of its refusals as a user reads it.</summary>
public sealed class TrustedPublishingTests : IAsyncLifetime
{
    private TrustedIndex trusted = null!;

    public async Task InitializeAsync() => trusted = await TrustedIndex.StartAsync();

    public async Task DisposeAsync() => await trusted.DisposeAsync();

    private WorkflowIdentity Publisher => TrustedIndex.Publisher;

    /// <summary>Runs the exchange expecting a refusal; the message must not quote any secret the client saw.</summary>
    private async Task<string> RefusalAsync(GitHubOidcEnvironment? github = null)
    {
        var act = () => trusted.Client().ExchangeAsync(trusted.Index, github ?? trusted.GitHub.Environment);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        AssertNoSecretIn(message);
        return message;
    }

    private void AssertNoSecretIn(string text)
    {
        lock (trusted.Protected)
        {
            foreach (var secret in trusted.Protected)
                text.Should().NotContain(secret);
        }
    }

    private static void ShouldListEveryPublisherClaim(string message)
    {
        message.Should().Contain("The token's claims (read from it, not verified here):");
        foreach (var claim in TokenClaims.PublisherClaims)
            message.Should().Contain($"  {claim}: ");
    }

    [Fact]
    public async Task A_matching_publisher_gets_an_upload_token_and_every_secret_is_protected_on_arrival()
    {
        var minted = await trusted.Client().ExchangeAsync(trusted.Index, trusted.GitHub.Environment);

        minted.Token.Should().NotBeNullOrEmpty();
        minted.Expires.Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(10));
        trusted.GitHub.TokensIssued.Should().Be(1);
        var protectedSecrets = trusted.Protected.Distinct().ToList();
        protectedSecrets.Should().HaveCount(3, "the request token, GitHub's OIDC token and the minted token, each as it arrived");
        protectedSecrets[0].Should().Be(trusted.GitHub.RequestToken);
        protectedSecrets[1].Split('.').Should().HaveCount(3, "the OIDC token is a JWT");
        protectedSecrets[2].Should().Be(minted.Token);
        AssertNoSecretIn(string.Join('\n', LogCapture.All));
        LogCapture.All.Should().Contain(l => l.Contains("minted an upload token for octo-org/evalcheck (release.yml, environment pypi)"));
    }

    [Fact]
    public async Task Every_exchange_asks_GitHub_for_a_fresh_token()
    {
        var client = trusted.Client();

        await client.ExchangeAsync(trusted.Index, trusted.GitHub.Environment);
        await client.ExchangeAsync(trusted.Index, trusted.GitHub.Environment);

        trusted.GitHub.TokensIssued.Should().Be(2);
    }

    [Fact]
    public async Task A_mint_that_fails_with_503_is_retried_with_a_fresh_OIDC_token()
    {
        trusted.Server.Faults.FailNext(1, 503, pathPrefix: "/_/oidc/mint-token");

        var minted = await trusted.Client().ExchangeAsync(trusted.Index, trusted.GitHub.Environment);

        minted.Token.Should().NotBeNullOrEmpty();
        trusted.GitHub.TokensIssued.Should().Be(2, "the first token may have been used by the failed request");
    }

    [Fact]
    public async Task Another_repository_is_invalid_publisher_and_the_message_lists_the_claims_that_must_match()
    {
        trusted.Tokens(o => o with { Identity = Publisher with { Repository = "someone-else/evalcheck" } });

        var message = await RefusalAsync();

        message.Should().Contain("refused to exchange GitHub's OIDC token for an upload token (HTTP 422, invalid-publisher: valid token, but no corresponding publisher")
            .And.Contain("no trusted publisher of this project")
            .And.Contain("looks the publisher up by the token's repository, the workflow file of job_workflow_ref and the environment: here repository someone-else/evalcheck, workflow file release.yml, environment pypi")
            .And.Contain("The trusted publisher on " + trusted.Index.Name + " must contain (publisher GitHub):")
            .And.Contain("    Owner:            someone-else")
            .And.Contain("    Repository name:  evalcheck")
            .And.Contain("    Workflow name:    release.yml")
            .And.Contain("    Environment name: pypi")
            .And.Contain("  sub: repo:someone-else/evalcheck:environment:pypi")
            .And.Contain("  repository: someone-else/evalcheck")
            .And.Contain("  repository_owner: someone-else")
            .And.Contain("  workflow_ref: someone-else/evalcheck/.github/workflows/release.yml@refs/tags/v0.2.0")
            .And.Contain("  ref: refs/tags/v0.2.0")
            .And.Contain("Common causes: the workflow file was renamed");
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task A_renamed_workflow_file_is_invalid_publisher_naming_the_jobs_workflow_file()
    {
        trusted.Tokens(o => o with { Identity = Publisher with { WorkflowFile = "publish.yml" } });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-publisher")
            .And.Contain("  job_workflow_ref: octo-org/evalcheck/.github/workflows/publish.yml@refs/tags/v0.2.0")
            .And.Contain("the workflow file was renamed (this job's workflow file is publish.yml, from job_workflow_ref; the publisher must name exactly that file)")
            .And.Contain("    Workflow name:    publish.yml");
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task Another_environment_is_invalid_publisher_naming_the_jobs_environment()
    {
        trusted.Tokens(o => o with { Identity = Publisher with { Environment = "release" } });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-publisher")
            .And.Contain("  environment: release")
            .And.Contain("the environment name differs (this job runs in environment 'release'")
            .And.Contain("TestPyPI");
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task A_job_without_an_environment_is_told_so()
    {
        trusted.Tokens(o => o with { Identity = Publisher with { Environment = "" } });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-publisher")
            .And.Contain("  environment: (not in the token)")
            .And.Contain("environment (none: the job has no environment:)")
            .And.Contain("this job runs in no environment");
    }

    [Fact]
    public async Task An_expired_token_is_invalid_token_with_its_expiry_and_the_clock_hint()
    {
        trusted.Tokens(o => o with { ClockOffset = TimeSpan.FromMinutes(-10) });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-token: malformed or invalid token")
            .And.Contain("could not accept the token itself: it is malformed, expired")
            .And.Contain("  exp: ")
            .And.Contain("clock");
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_invalid_token_naming_both_audiences()
    {
        trusted.Tokens(o => o with { AudienceOverride = "testpypi" });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-token")
            .And.Contain("The build asked GitHub for audience 'pypi'; the token says aud 'testpypi', iss 'https://token.actions.githubusercontent.com'")
            .And.Contain("  aud: testpypi");
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_index_does_not_trust_is_invalid_token()
    {
        await using var impostor = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Publisher });

        var message = await RefusalAsync(impostor.Environment);

        message.Should().Contain("invalid-token").And.Contain("signed by a key the index does not trust");
        ShouldListEveryPublisherClaim(message);
        impostor.TokensIssued.Should().Be(1);
    }

    [Fact]
    public async Task A_token_used_twice_is_invalid_reuse_token()
    {
        var client = trusted.Client();
        var jwt = await client.GetOidcTokenAsync(trusted.GitHub.Environment, "pypi");
        await client.MintAsync(trusted.Index, jwt, "pypi");

        var act = () => client.MintAsync(trusted.Index, jwt, "pypi");
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("invalid-reuse-token: invalid token: already used")
            .And.Contain("accepts each token once (its jti claim)")
            .And.NotContain(jwt);
        ShouldListEveryPublisherClaim(message);
    }

    [Fact]
    public async Task A_reusable_workflow_of_another_repository_is_refused_saying_to_put_the_publish_job_in_the_top_level_workflow()
    {
        const string called = "octo-org/shared/.github/workflows/pypi.yml@refs/heads/main";
        trusted.Tokens(o => o with { ChangeClaims = claims => claims["job_workflow_ref"] = called });

        var message = await RefusalAsync();

        message.Should().Contain("invalid-publisher")
            .And.Contain($"  job_workflow_ref: {called}")
            .And.Contain($"The publishing job runs in a reusable workflow: job_workflow_ref ({called}) is not the workflow that started the run, workflow_ref (octo-org/evalcheck/.github/workflows/release.yml@refs/tags/v0.2.0)")
            .And.Contain("Its file lives in another repository (octo-org/shared), and PyPI only trusts a workflow file of the publishing repository (octo-org/evalcheck), so minting cannot work")
            .And.Contain("What works: put the publishing job in the top-level workflow release.yml")
            .And.Contain("    Workflow name:    release.yml", "the form names the calling workflow, where the job must move")
            .And.NotContain("must name the calling workflow file");
    }

    [Fact]
    public async Task A_reusable_workflow_of_the_same_repository_is_matched_by_its_own_file_and_warned_about_attestations()
    {
        // warehouse matches job_workflow_ref: a publisher naming the reusable file mints, but attestations check the caller.
        await using var reusable = await TrustedIndex.StartAsync(publisher: TrustedIndex.Publisher with { WorkflowFile = "pypi.yml" });
        reusable.Tokens(o => o with { ChangeClaims = claims => claims["job_workflow_ref"] = "octo-org/evalcheck/.github/workflows/pypi.yml@refs/tags/v0.2.0" });

        var minted = await reusable.Client().ExchangeAsync(reusable.Index, reusable.GitHub.Environment);

        minted.Token.Should().NotBeNullOrEmpty();
        LogCapture.All.Should().Contain(l => l.Contains("minted an upload token for octo-org/evalcheck (pypi.yml, environment pypi)"))
            .And.Contain(l => l.Contains("PyPI matches the publisher against job_workflow_ref's file (pypi.yml), so minting works")
                              && l.Contains("PyPI checks PEP 740 attestations against the calling workflow (release.yml)")
                              && l.Contains("put the publishing job in the top-level workflow release.yml"));
    }

    [Fact]
    public async Task A_pull_request_target_run_is_refused_and_explained_before_GitHub_or_the_index_is_asked()
    {
        var message = await RefusalAsync(trusted.GitHub.Environment with { EventName = "pull_request_target" });

        message.Should().Contain("This run was started by pull_request_target")
            .And.Contain("base repository's permissions and secrets")
            .And.Contain("on: push: tags: ['v*']")
            .And.Contain("Nothing was asked of GitHub or the index");
        trusted.GitHub.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task A_refusal_of_a_pull_request_target_token_shows_its_event_and_explains_it()
    {
        trusted.Tokens(o => o with { Identity = Publisher with { Environment = "other" }, ChangeClaims = claims => claims["event_name"] = "pull_request_target" });

        var message = await RefusalAsync();

        message.Should().Contain("  event_name: pull_request_target").And.Contain("This run was started by pull_request_target");
    }

    [Fact]
    public async Task A_wrong_request_token_is_refused_by_GitHubs_endpoint()
    {
        var message = await RefusalAsync(trusted.GitHub.Environment with { RequestToken = "not-the-request-token" });

        message.Should().Contain("GitHub's OIDC token endpoint (http://127.0.0.1:").And.Contain("refused the request: 401");
        trusted.GitHub.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task An_index_without_trusted_publishing_answers_404_and_the_message_says_to_use_an_API_token()
    {
        await using var plain = await TrustedIndex.StartAsync(trustedPublishing: false);

        var act = () => plain.Client().ExchangeAsync(plain.Index, plain.GitHub.Environment);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("has no trusted publishing")
            .And.Contain("_/oidc/audience answered 404 Not Found")
            .And.Contain("use an API token")
            .And.Contain("environment variable PYPI_TOKEN");
        plain.GitHub.TokensIssued.Should().Be(0, "no OIDC token is asked for when the index has no audience");
    }

    [Fact]
    public async Task Missing_OIDC_variables_stop_before_the_index_is_asked()
    {
        var message = await RefusalAsync(new GitHubOidcEnvironment(null, null, "push"));

        message.Should().Contain("lacks id-token: write");
        trusted.GitHub.TokensIssued.Should().Be(0);
    }
}
