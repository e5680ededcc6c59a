using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowPlanPipelineTests
{
    [Fact]
    public void Every_job_becomes_a_plan_job_with_its_targets_needs_environment_permissions_and_facts()
    {
        var pipeline = WorkflowPlanPipeline.From(SampleWorkflows.ReleaseWorkflow());

        pipeline.Name.Should().Be(".github/workflows/release.yml");
        pipeline.StartsOn.Should().StartWith("on push");
        pipeline.Jobs.Select(j => j.Id).Should().Equal("build", "publish", "verify");

        var build = pipeline.Jobs[0];
        build.Targets.Should().Equal("InspectWheel");
        build.SkipsDependencies.Should().BeFalse();
        build.Permissions.Should().Equal("contents: read");
        build.IsElevated.Should().BeFalse();
        build.Details.Should().Equal("uploads compiled-build", "uploads dist");

        var publish = pipeline.Jobs[1];
        publish.Targets.Should().Equal("PublishPyPI");
        publish.SkipsDependencies.Should().BeTrue();
        publish.Needs.Should().Equal("build");
        publish.Environment.Should().Be("pypi");
        publish.Elevated.Should().Equal("id-token: write");
        publish.Details.Should().Equal("downloads compiled-build", "downloads dist");

        pipeline.Jobs[2].Permissions.Should().BeEmpty();
        pipeline.Jobs[2].Details.Should().Equal("downloads compiled-build", "matrix 2 OS x 2 Python");
    }

    [Fact]
    public void Push_filters_are_part_of_when_the_pipeline_starts()
    {
        var workflow = SampleWorkflows.Single(new GitHubActionsAttribute("release", GitHubActionsImage.UbuntuLatest) { OnPushTags = ["v*"], OnWorkflowDispatch = true },
            new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"] });

        WorkflowPlanPipeline.From(workflow).StartsOn.Should().Be("on push (tags v*), workflow_dispatch");
    }
}
