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
            "  build    InspectWheel          -        -            contents: read   uploads dist",
            "  publish  PublishPyPI --skip    build    pypi         id-token: write  downloads dist",
            "  verify   VerifyInstall --skip  publish  -            {}               matrix 2 OS x 2 Python");
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
