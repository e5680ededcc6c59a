using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class TrustedPublisherFormTests
{
    private static readonly PublisherIndex PyPI = new("PyPI", new Uri("https://pypi.org/"), "PublishPyPI");
    private static readonly PublisherIndex TestPyPI = new("TestPyPI", new Uri("https://test.pypi.org/"), "PublishTestPyPI");
    private static readonly WorkflowRepository Repository = new("acme", "evalcheck", "GitHubRepository");

    [Fact]
    public void The_form_names_owner_repository_workflow_file_and_environment_of_the_publishing_job_and_the_settings_urls()
    {
        var text = TrustedPublisherForm.Render("evalcheck", Repository, [SampleWorkflows.ReleaseWorkflow()], [PyPI]);

        text.Should().Be("""
            Trusted publishers for evalcheck in acme/evalcheck (repository from GitHubRepository; workflows from the build class's [GitHubActions] attributes)

            PyPI
              Existing project: https://pypi.org/manage/project/evalcheck/settings/publishing/
              New project (pending publisher, also asks for the PyPI project name "evalcheck"): https://pypi.org/manage/account/publishing/
              Publisher: GitHub
                Owner:            acme
                Repository name:  evalcheck
                Workflow name:    release.yml
                Environment name: pypi

            On GitHub, create the environment pypi at https://github.com/acme/evalcheck/settings/environments, with required reviewers and deployments allowed only from the tags v*.

            """);
    }

    [Fact]
    public void A_renamed_workflow_or_environment_shows_in_the_form()
    {
        var publish = SampleWorkflows.PublishJob();
        publish.Workflow.Should().Be("release");
        var renamed = new GitHubActionsAttribute("publish", GitHubActionsImage.UbuntuLatest) { OnPushTags = ["release-*"] };
        var build = new GitHubActionsJobAttribute("publish", "build") { InvokedTargets = ["InspectWheel"], ProducesArtifact = "dist" };
        var job = new GitHubActionsJobAttribute("publish", "upload") { Needs = ["build"], InvokedTargets = ["PublishPyPI"], ConsumesArtifact = "dist", EnvironmentName = "release", WritePermissions = [GitHubActionsPermissions.IdToken] };

        var text = TrustedPublisherForm.Render("evalcheck", Repository, [SampleWorkflows.Single(renamed, build, job)], [PyPI]);

        text.Should().Contain("    Workflow name:    publish.yml\n    Environment name: release\n").And.Contain("deployments allowed only from the tags release-*.");
    }

    [Fact]
    public void An_index_no_job_publishes_to_says_so_and_a_job_without_environment_is_flagged()
    {
        var noEnvironment = SampleWorkflows.PublishJob();
        noEnvironment.EnvironmentName = null;
        noEnvironment.EnvironmentUrl = null;

        var text = TrustedPublisherForm.Render("evalcheck", Repository, [SampleWorkflows.Single(SampleWorkflows.Release(), SampleWorkflows.BuildJob(), noEnvironment)], [TestPyPI, PyPI]);

        text.Should().Contain("TestPyPI\n  No workflow job runs PublishTestPyPI, so there is nothing to trust on TestPyPI.\n")
            .And.Contain("    Environment name: (none: the job has no environment; add one, any workflow run could publish)\n")
            .And.NotContain("On GitHub, create");
    }
}
