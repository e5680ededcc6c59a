using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>The advice for a refused mint, from the claims alone (what PyPI and TestPyPI would be told).</summary>
public sealed class MintRefusalTests
{
    private const string Release = "octo-org/evalcheck/.github/workflows/release.yml@refs/tags/v0.2.0";

    /// <summary>An unsigned token with GitHub's claim set (the claims are only read, never verified, by the advice).</summary>
    private static TokenClaims Claims(string? jobWorkflowRef = null, string? environment = "pypi", string eventName = "push")
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "https://token.actions.githubusercontent.com",
            ["aud"] = "pypi",
            ["sub"] = "repo:octo-org/evalcheck:environment:pypi",
            ["repository"] = "octo-org/evalcheck",
            ["repository_owner"] = "octo-org",
            ["repository_owner_id"] = "4711",
            ["workflow_ref"] = Release,
            ["job_workflow_ref"] = jobWorkflowRef ?? Release,
            ["ref"] = "refs/tags/v0.2.0",
            ["event_name"] = eventName,
        };
        if (environment != null)
            claims["environment"] = environment;
        return TokenClaims.Read(new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(claims)));
    }

    private static readonly MintError[] InvalidPublisher = [new(MintRefusal.InvalidPublisher, "valid token, but no corresponding publisher (Publisher with matching claims was not found)")];

    [Fact]
    public void Invalid_publisher_on_PyPI_prints_the_form_and_the_link_prefilled_as_the_PyPA_action_makes_it()
    {
        var message = MintRefusal.Explain(PackageIndex.PyPI, InvalidPublisher, Claims(), "pypi", project: "Evalcheck_Plugin");

        message.Should().Contain("The trusted publisher on PyPI must contain (publisher GitHub):")
            .And.Contain("    Owner:            octo-org")
            .And.Contain("    Repository name:  evalcheck")
            .And.Contain("    Workflow name:    release.yml")
            .And.Contain("    Environment name: pypi")
            .And.Contain("https://pypi.org/manage/project/evalcheck-plugin/settings/publishing/?provider=github&owner=octo-org&repository=evalcheck&workflow_filename=release.yml ")
            .And.Contain("(the link fills in all but the environment name)")
            .And.Contain("a pending publisher with the project name Evalcheck_Plugin at https://pypi.org/manage/account/publishing/");
    }

    [Fact]
    public void TestPyPI_gets_its_own_site_in_the_link()
    {
        var message = MintRefusal.Explain(PackageIndex.TestPyPI, InvalidPublisher, Claims(environment: "testpypi"), "testpypi", project: "evalcheck");

        message.Should().Contain("https://test.pypi.org/manage/project/evalcheck/settings/publishing/?provider=github&owner=octo-org&repository=evalcheck&workflow_filename=release.yml")
            .And.Contain("    Environment name: testpypi")
            .And.Contain("TestPyPI has no publisher of its own");
    }

    [Fact]
    public void Another_index_gets_the_form_but_no_link_it_cannot_know()
    {
        var message = MintRefusal.Explain(PackageIndex.FromUploadUrl("https://devpi.example.org/legacy/"), InvalidPublisher, Claims(), "pypi", project: "evalcheck");

        message.Should().Contain("    Workflow name:    release.yml").And.NotContain("manage/project");
    }

    [Fact]
    public void A_job_without_environment_is_told_to_leave_the_field_empty()
    {
        MintRefusal.Explain(PackageIndex.PyPI, InvalidPublisher, Claims(environment: null), "pypi", project: "evalcheck")
            .Should().Contain("    Environment name: (empty: this job runs in no environment");
    }

    [Fact]
    public void The_workflow_file_is_read_from_job_workflow_ref_which_warehouse_matches()
    {
        var claims = Claims(jobWorkflowRef: "octo-org/evalcheck/.github/workflows/pypi-publish.yaml@refs/tags/v0.2.0");

        claims.WorkflowFile.Should().Be("pypi-publish.yaml");
        claims.CallingWorkflowFile.Should().Be("release.yml");
        claims.JobWorkflowRepository.Should().Be("octo-org/evalcheck");
        claims.IsReusableWorkflow.Should().BeTrue();
        Claims().IsReusableWorkflow.Should().BeFalse();
        Claims(jobWorkflowRef: "octo-org/evalcheck/.github/workflows/release.yml@452bc81af09814d60ae09ed5c105ef804d906efa").IsReusableWorkflow
            .Should().BeFalse("the same file at a commit sha is the same workflow");
    }

    [Fact]
    public void A_reusable_workflow_in_the_same_repository_is_told_minting_works_but_attestations_do_not_and_what_works()
    {
        var claims = Claims(jobWorkflowRef: "octo-org/evalcheck/.github/workflows/pypi.yml@refs/tags/v0.2.0");

        var message = MintRefusal.Explain(PackageIndex.PyPI, InvalidPublisher, claims, "pypi", project: "evalcheck");

        message.Should().Contain("PyPI matches the publisher against job_workflow_ref's file (pypi.yml), so minting works when the publisher names that file")
            .And.Contain("PyPI checks PEP 740 attestations against the calling workflow (release.yml), so uploads with attestations are refused either way")
            .And.Contain("What works: put the publishing job in the top-level workflow release.yml")
            .And.Contain("workflow_filename=release.yml", "the form is for the setup that works: the job moved into the calling workflow");
    }

    [Fact]
    public void A_pull_request_target_token_shows_its_event_and_why_PyPI_refuses_it()
    {
        var message = MintRefusal.Explain(PackageIndex.PyPI, InvalidPublisher, Claims(eventName: "pull_request_target"), "pypi", project: "evalcheck");

        message.Should().Contain("  event_name: pull_request_target")
            .And.Contain("This run was started by pull_request_target, and PyPI refuses to trust it")
            .And.Contain("on: release: types: [published]");
    }

    [Fact]
    public void Refusals_other_than_a_publisher_mismatch_print_no_form()
    {
        MintRefusal.Explain(PackageIndex.PyPI, [new MintError(MintRefusal.InvalidReuseToken, "invalid token: already used")], Claims(), "pypi", project: "evalcheck")
            .Should().NotContain("must contain (publisher GitHub)").And.NotContain("manage/project");
    }
}
