using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowPlanTextTests
{
    [Fact]
    public void Each_job_is_a_row_with_its_targets_needs_environment_permissions_artifacts_and_matrix()
    {
        var lines = WorkflowPlanText.Lines(SampleWorkflows.ReleaseWorkflow(), ["InspectWheel", "PublishPyPI", "VerifyInstall"]);

        lines.Should().Equal(
            "Workflow .github/workflows/release.yml (on push), jobs in order:",
            "  job      targets               needs    environment  permissions      artifacts and matrix",
            "  build    InspectWheel          -        -            contents: read   uploads compiled-build; uploads dist",
            "  publish  PublishPyPI --skip    build    pypi         id-token: write  downloads compiled-build; downloads dist",
            "  verify   VerifyInstall --skip  publish  -            {}               downloads compiled-build; matrix 2 OS x 2 Python");
    }

    [Fact]
    public void The_split_check_shows_under_the_table_its_problems_or_that_the_split_holds()
    {
        var workflow = SampleWorkflows.ReleaseWorkflow();

        WorkflowPlanText.Lines(workflow, ["InspectWheel"], []).Should().EndWith("  split checked: every target a --skip job skips ran in a job it needs, whose artifact it downloads");
        WorkflowPlanText.Lines(workflow, ["InspectWheel"], ["release.yml: job 'verify' runs VerifyInstall --skip, which skips Build, ..."])
            .Should().EndWith("  ! split: release.yml: job 'verify' runs VerifyInstall --skip, which skips Build, ...");
    }

    [Fact]
    public void Targets_the_build_does_not_have_are_marked_and_listed()
    {
        var lines = WorkflowPlanText.Lines(SampleWorkflows.ReleaseWorkflow(), ["inspectwheel"]);

        lines[3].Should().StartWith("  publish  PublishPyPI? --skip");
        lines[4].Should().StartWith("  verify   VerifyInstall? --skip");
        lines[^1].Should().Be("  ? not a target of this build: PublishPyPI, VerifyInstall");
    }
}
